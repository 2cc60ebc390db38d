import cookie from 'cookie';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { newSession, startTestGudang } from '../../helpers/gudang-under-test.js';
import { LEFT_OUT, PARITY_CASES, type ParityCase, type ParityRequest } from './express-parity-cases.js';

/**
 * The same route code, run by real Express 5 and by the sandbox: what a learner learns in Gudang
 * must hold in Express. Each case is learner code plus the requests that exercise it; status,
 * body and the headers below must be the same. Server-Timing is the one header Gudang adds that
 * Express does not (the request's stages, for the browser's DevTools), so it is never compared:
 * it is not in this list, and the test below checks that no case asks for it.
 */
const COMPARED_HEADERS = ['content-type', 'content-length', 'location', 'vary', 'link', 'content-disposition', 'allow', 'etag', 'x-powered-by', 'x-content-type-options'];

let gudang: Gudang;
const tally = { matched: 0, failed: [] as string[] };
beforeAll(async () => {
  gudang = await startTestGudang({ workers: 1 });
});
afterAll(async () => {
  await gudang.close();
  console.log(
    `Express parity: ${PARITY_CASES.length} cases, ${tally.matched} matched${tally.failed.length ? `, differing: ${tally.failed.join('; ')}` : ''}; ${LEFT_OUT.length} groups of Express's tests left out:\n${LEFT_OUT.map((l) => `  - ${l.what}: ${l.why}`).join('\n')}`,
  );
});

/** Real Express as the learner's code would meet it: production mode, the same body parsers, cookie-parser's req.cookies. */
function expressApp(code: string) {
  // The body parsers and cookies in an outer app, as Gudang's host does them before the code runs:
  // the learner's app then creates its router itself, after its own settings ("strict routing").
  const outer = express();
  const app = express();
  outer.set('env', 'production');
  app.set('env', 'production');
  outer.use(express.json(), express.urlencoded({ extended: false }), express.text());
  outer.use((req, _res, next) => {
    const parsed: Record<string, unknown> = req.headers.cookie ? cookie.parse(req.headers.cookie) : {};
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'string' && value.startsWith('j:')) {
        try {
          parsed[key] = JSON.parse(value.slice(2));
        } catch {}
      }
    }
    (req as unknown as { cookies: unknown }).cookies = parsed;
    next();
  });
  const requireExpress = (name: string) => {
    if (name !== 'express') throw new Error(`no ${name}`);
    return Object.assign(() => app, express);
  };
  // `express` is a global in learner code, so tutorial code may declare its own.
  (globalThis as { express?: unknown }).express = express;
  new Function('app', 'require', code)(app, requireExpress);
  outer.use(app);
  return outer;
}

async function listen(app: express.Express) {
  // On IPv4 like Gudang, so req.ip reads the same.
  const server = app.listen(0, '0.0.0.0');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://localhost:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function answer(base: string, r: ParityRequest, extraHeaders: string[]) {
  const response = await fetch(base + r.path, {
    method: r.method ?? 'GET',
    body: r.body,
    redirect: 'manual',
    headers: { ...(r.contentType ? { 'content-type': r.contentType } : {}), 'x-test': 'parity', ...r.headers },
  });
  const headers = Object.fromEntries([...COMPARED_HEADERS, ...extraHeaders].map((name) => [name, response.headers.get(name)]));
  return { status: response.status, headers, setCookie: response.headers.getSetCookie(), body: await response.text() };
}

async function putCode(code: string) {
  const { sessionId } = await newSession(gudang.url);
  const put = await fetch(`${gudang.url}/api/sessions/${sessionId}/code`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  return { sessionId, put };
}

describe('learner code behaves as in Express 5', () => {
  it.each(PARITY_CASES.map((c) => [`${c.from}: ${c.name}`, c] as [string, ParityCase]))('%s', async (label, c) => {
    try {
      if (c.startupFails) {
        expect(() => expressApp(c.code)).toThrow();
        const { put } = await putCode(c.code);
        expect(put.status).toBe(400);
        expect((await put.json()).error).toMatch(/while starting up/);
      } else {
        const real = await listen(expressApp(c.code));
        try {
          const { sessionId, put } = await putCode(c.code);
          expect(put.status, await put.clone().text()).toBe(200);
          for (const request of Array.isArray(c.request) ? c.request : [c.request]) {
            const expected = await answer(real.base, request, c.headers ?? []);
            const actual = await answer(`${gudang.url}/sandbox/${sessionId}`, request, c.headers ?? []);
            expect(actual).toEqual(expected);
          }
        } finally {
          real.close();
        }
      }
      tally.matched++;
    } catch (error) {
      tally.failed.push(label);
      throw error;
    }
  });
});

describe('what the comparison leaves out', () => {
  it('is exactly Server-Timing: no case compares it, and Gudang does send it while Express does not', async () => {
    expect([...COMPARED_HEADERS, ...PARITY_CASES.flatMap((c) => c.headers ?? [])].map((h) => h.toLowerCase())).not.toContain('server-timing');
    const code = "app.get('/', (req, res) => res.send('hi'));";
    const real = await listen(expressApp(code));
    try {
      const { sessionId } = await putCode(code);
      expect((await fetch(real.base)).headers.get('server-timing')).toBeNull();
      expect((await fetch(`${gudang.url}/sandbox/${sessionId}/`)).headers.get('server-timing')).toMatch(/^receive;dur=/);
    } finally {
      real.close();
    }
  });
});
