import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Gudang } from '../../../server/gudang.js';
import { call, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

/** The control API does not trust what the client says about where it is or what it sends. */
let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ host: '127.0.0.1' });
});
afterAll(() => gudang.close());

const port = () => (gudang.server.address() as AddressInfo).port;

describe('the sandbox URL', () => {
  it('never echoes a forged Host or X-Forwarded-Host', async () => {
    const created = await call(gudang.url, 'POST', '/api/sessions', { lessonId: '01-products' }, { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    expect(created.status).toBe(201);
    expect(created.json.sandboxUrl).toBe(`http://localhost:${port()}/sandbox/${created.json.sessionId}`);
    const again = await call(gudang.url, 'GET', `/api/sessions/${created.json.sessionId}`, undefined, { host: 'evil.example' });
    expect(again.text).not.toMatch(/evil/);
    expect((await call(again.json.sandboxUrl, 'GET', '/api/products/1')).status).toBe(200);
  });

  it('comes from GUDANG_PUBLIC_URL when configured, and from a trusted proxy’s headers only when trusted', async () => {
    const configured = await startTestGudang({ publicUrl: 'https://gudang.sekolah.id' });
    const proxied = await startTestGudang({ trustProxy: 'loopback' });
    try {
      const a = await call(configured.url, 'POST', '/api/sessions', { lessonId: '01-products' }, { host: 'evil.example' });
      expect(a.json.sandboxUrl).toBe(`https://gudang.sekolah.id/sandbox/${a.json.sessionId}`);
      const b = await call(proxied.url, 'POST', '/api/sessions', { lessonId: '01-products' }, { 'x-forwarded-host': 'kelas.sekolah.id', 'x-forwarded-proto': 'https' });
      expect(b.json.sandboxUrl).toBe(`https://kelas.sekolah.id/sandbox/${b.json.sessionId}`);
      const c = await call(proxied.url, 'POST', '/api/sessions', { lessonId: '01-products' }, { 'x-forwarded-host': 'bad host/<script>' });
      expect(c.json.sandboxUrl).not.toMatch(/script/);
    } finally {
      await configured.close();
      await proxied.close();
    }
  });
});

describe('the control API’s answers', () => {
  it('GET /healthz answers a small JSON', async () => {
    const health = await call(gudang.url, 'GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/application\/json/);
    expect(health.json).toMatchObject({ ok: true, workers: { up: expect.any(Number), total: 3 }, sessions: expect.any(Number), lessons: expect.any(Number) });
    expect(health.json.lessons).toBeGreaterThan(0);
    expect(health.text.length).toBeLessThan(200);
  });

  it('an unknown API path is a JSON 404, a wrong method a 405 with Allow', async () => {
    const unknown = await call(gudang.url, 'GET', '/api/nothing/here');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/no API route GET \/api\/nothing\/here/);
    const { sessionId } = await newSession(gudang.url);
    for (const [method, path, allow] of [
      ['DELETE', '/api/lessons', 'GET, HEAD'],
      ['GET', '/api/sessions', 'POST'],
      ['POST', `/api/sessions/${sessionId}/code`, 'PUT'],
      ['GET', `/api/sessions/${sessionId}/reset`, 'POST'],
      ['PUT', `/api/sessions/${sessionId}/checks`, 'POST'],
    ] as const) {
      const wrong = await call(gudang.url, method, path);
      expect(wrong.status, `${method} ${path}`).toBe(405);
      expect(wrong.headers.get('allow')).toBe(allow);
      expect(wrong.json.error).toMatch(/is not allowed on/);
    }
    expect((await call(gudang.url, 'GET', '/api/lessons')).status).toBe(200);
  });

  it.each([
    ['null', 'null', /expected object, got null/],
    ['a string', '"x"', /expected object, got a string/],
    ['a number', '42', /expected object, got a number/],
    ['an array', '[1]', /expected object, got an array/],
  ])('a JSON body of %s says an object was expected', async (_name, body, message) => {
    const res = await call(gudang.url, 'POST', '/api/sessions', body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(message);
  });

  it('a body of another content type says which type is expected', async () => {
    const res = await call(gudang.url, 'POST', '/api/sessions', '{"lessonId":"01-products"}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.json.error).toMatch(/Content-Type: application\/json \(got "text\/plain"\)/);
    const form = await call(gudang.url, 'PUT', `/api/sessions/${(await newSession(gudang.url)).sessionId}/code`, 'code=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect((await call(gudang.url, 'POST', '/api/sessions', { lessonId: '01-products' })).status).toBe(201);
  });

  it('refuses pages of other origins (a learner page is "null"), serves its own page and curl', async () => {
    const { sessionId } = await newSession(gudang.url);
    for (const headers of [{ origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }] as Record<string, string>[]) {
      const res = await call(gudang.url, 'POST', `/api/sessions/${sessionId}/reset`, undefined, headers);
      expect(res.status).toBe(403);
      expect(res.json.error).toMatch(/answers only its own web page/);
    }
    expect((await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`, undefined, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await call(gudang.url, 'POST', `/api/sessions/${sessionId}/reset`)).status).toBe(200);
  });

  it('listens on the configured HOST', () => {
    expect((gudang.server.address() as AddressInfo).address).toBe('127.0.0.1');
  });
});
