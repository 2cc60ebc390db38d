import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

/**
 * The same route code, run by real Express 5 and by the sandbox: what a learner learns in Gudang
 * must hold in Express. Each case is route code plus the request that exercises it.
 */
const cases: { name: string; code: string; method?: string; path: string; body?: string; contentType?: string }[] = [
  { name: 'string is HTML', code: "app.get('/x', (req, res) => res.send('<p>hi</p>'))", path: '/x' },
  { name: 'object is JSON', code: "app.get('/x', (req, res) => res.send({ a: [1, 'b'] }))", path: '/x' },
  { name: 'json(null)', code: "app.get('/x', (req, res) => res.json(null))", path: '/x' },
  { name: 'number is JSON', code: "app.get('/x', (req, res) => res.send(42))", path: '/x' },
  { name: 'send(null) is empty', code: "app.get('/x', (req, res) => res.send(null))", path: '/x' },
  { name: 'status + json', code: "app.get('/x', (req, res) => res.status(404).json({ error: 'not found' }))", path: '/x' },
  { name: 'sendStatus', code: "app.get('/x', (req, res) => res.sendStatus(403))", path: '/x' },
  { name: 'type text', code: "app.get('/x', (req, res) => res.type('text').send('plain'))", path: '/x' },
  { name: 'set content-type', code: "app.get('/x', (req, res) => res.set('Content-Type', 'text/csv').send('a,b'))", path: '/x' },
  { name: 'redirect', code: "app.get('/x', (req, res) => res.redirect('/y'))", path: '/x' },
  { name: 'route params', code: "app.get('/p/:id/:name', (req, res) => res.json(req.params))", path: '/p/7/kopi%20gayo' },
  { name: 'query string', code: "app.get('/q', (req, res) => res.json(req.query))", path: '/q?page=2&tag=a&tag=b' },
  { name: 'trailing slash', code: "app.get('/t', (req, res) => res.send('t'))", path: '/t/' },
  { name: 'case-insensitive path', code: "app.get('/Products', (req, res) => res.send('p'))", path: '/products' },
  { name: 'json body', code: "app.post('/b', (req, res) => res.status(201).json({ got: req.body }))", method: 'POST', path: '/b', body: '{"name":"Teh","n":[1,2]}', contentType: 'application/json' },
  { name: 'form body', code: "app.post('/b', (req, res) => res.json(req.body))", method: 'POST', path: '/b', body: 'a=1&b=x%20y&a=2', contentType: 'application/x-www-form-urlencoded' },
  { name: 'text body', code: "app.post('/b', (req, res) => res.json({ body: req.body }))", method: 'POST', path: '/b', body: 'hello', contentType: 'text/plain' },
  { name: 'unknown body type', code: "app.post('/b', (req, res) => res.json({ type: typeof req.body }))", method: 'POST', path: '/b', body: 'x', contentType: 'application/octet-stream' },
  { name: 'middleware order', code: "app.use((req, res, next) => { req.seen = ['a']; next(); }); app.use((req, res, next) => { req.seen.push('b'); next(); }); app.get('/m', (req, res) => res.json(req.seen))", path: '/m' },
  { name: 'path middleware', code: "app.use('/admin', (req, res) => res.status(401).send('no')); app.get('/admin/x', (req, res) => res.send('yes'))", path: '/admin/x' },
  { name: 'unmatched route', code: "app.get('/a', (req, res) => res.send('a'))", path: '/nothing' },
  { name: 'next(err) default handler', code: "app.get('/e', (req, res, next) => next(new Error('boom')))", path: '/e' },
  { name: 'thrown error with status', code: "app.get('/e', () => { throw Object.assign(new Error('teapot'), { status: 418 }); })", path: '/e' },
  { name: 'async rejection', code: "app.get('/e', async () => { throw new Error('late'); })", path: '/e' },
  { name: 'error middleware', code: "app.get('/e', () => { throw new Error('x'); }); app.use((err, req, res, next) => res.status(500).json({ error: err.message }))", path: '/e' },
  { name: 'multiple handlers', code: "app.get('/h', (req, res, next) => { req.n = 1; next(); }, (req, res) => res.json({ n: req.n }))", path: '/h' },
  { name: 'all methods', code: "app.all('/any', (req, res) => res.send(req.method))", method: 'DELETE', path: '/any' },
  { name: 'header get', code: "app.get('/h', (req, res) => res.json({ ua: req.get('X-Test') }))", path: '/h' },
];

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ workers: 1 });
});
afterAll(() => gudang.close());

async function viaExpress(code: string) {
  const app = express();
  app.set('env', 'production');
  app.use(express.json(), express.urlencoded({ extended: false }), express.text());
  new Function('app', code)(app);
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://localhost:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function answer(url: string, c: (typeof cases)[number]) {
  const response = await fetch(url, {
    method: c.method ?? 'GET',
    body: c.body,
    redirect: 'manual',
    headers: { ...(c.contentType ? { 'content-type': c.contentType } : {}), 'x-test': 'parity' },
  });
  return { status: response.status, contentType: response.headers.get('content-type'), location: response.headers.get('location'), body: await response.text() };
}

describe('learner code behaves as in Express 5', () => {
  it.each(cases)('$name', async (c) => {
    const real = await viaExpress(c.code);
    try {
      const { sessionId } = await newSession(gudang.url);
      const put = await fetch(`${gudang.url}/api/sessions/${sessionId}/code`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c.code }) });
      expect(put.status).toBe(200);
      const expected = await answer(real.base + c.path, c);
      const actual = await answer(`${gudang.url}/sandbox/${sessionId}${c.path}`, c);
      expect(actual).toEqual(expected);
    } finally {
      real.close();
    }
  });
});
