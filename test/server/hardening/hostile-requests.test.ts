import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Gudang } from '../../../server/gudang.js';
import { call, newSession, startTestGudang, WEB_DIR } from '../../helpers/gudang-under-test.js';

let gudang: Gudang;
let sessionId: string;
beforeAll(async () => {
  gudang = await startTestGudang({ requestBodyBytes: 64 * 1024 }, WEB_DIR);
  sessionId = (await newSession(gudang.url)).sessionId;
});
afterAll(() => gudang.close());

/**
 * A raw request, so paths and headers reach the server exactly as written. A new connection each
 * time: a pooled keep-alive socket can be closed by the server's idle timeout as it is reused.
 */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(gudang.url);
    const req = request({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function latestTrace() {
  const list = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces;
  return (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${list[0].id}`)).json;
}

async function stillServes() {
  const res = await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`);
  expect(res.status).toBe(200);
}

describe('bad requests to the learner app get a clear 4xx, recorded in the trace', () => {
  it('malformed JSON: 400 with the parser’s message and position', async () => {
    const res = await raw('POST', `/sandbox/${sessionId}/api/products`, { 'content-type': 'application/json' }, '{"name": "Teh", price: 1}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatch(/not valid JSON: .*position 16/);
    const trace = await latestTrace();
    expect(trace.steps[0].data.bodyError.position).toBe(16);
    expect(trace.steps[1]).toMatchObject({ kind: 'error', data: { code: 'body_invalid_json' } });
    await stillServes();
  });

  it('a body over the limit: 413', async () => {
    const res = await raw('POST', `/sandbox/${sessionId}/api/products`, { 'content-type': 'application/json' }, `{"name":"${'x'.repeat(100 * 1024)}"}`);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toMatch(/larger than the limit of 64 KB/);
    expect((await latestTrace()).status).toBe(413);
    await stillServes();
  });

  it('deeply nested JSON: 400 without parsing it', async () => {
    const res = await raw('POST', `/sandbox/${sessionId}/api/products`, { 'content-type': 'application/json' }, '['.repeat(20_000) + ']'.repeat(20_000));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatch(/nested deeper than 64 levels/);
    await stillServes();
  });

  it('a JSON body that is not an object or array: 400, as Express’s strict parser', async () => {
    const res = await raw('POST', `/sandbox/${sessionId}/api/products`, { 'content-type': 'application/json' }, '"just a string"');
    expect(res.status).toBe(400);
  });

  it('__proto__ and constructor keys pollute nothing', async () => {
    const code = `app.post('/echo', (req, res) => res.json({ body: req.body, polluted: ({}).polluted ?? null, query: req.query }));`;
    await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: `${(await call(gudang.url, 'GET', `/api/sessions/${sessionId}`)).json.code}\n${code}` });
    const res = await raw(
      'POST',
      `/sandbox/${sessionId}/echo?__proto__[polluted]=1&constructor[prototype][polluted]=1`,
      { 'content-type': 'application/json' },
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).polluted).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const form = await raw('POST', `/sandbox/${sessionId}/echo`, { 'content-type': 'application/x-www-form-urlencoded' }, '__proto__[polluted]=1&a=2');
    expect(form.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bytes that are not UTF-8 arrive as replacement characters', async () => {
    const res = await raw('POST', `/sandbox/${sessionId}/api/products`, { 'content-type': 'text/plain' }, Buffer.from([0xff, 0xfe, 0x41]));
    expect(res.status).toBe(400); // the lesson's own validation: no name or price
    expect((await latestTrace()).steps[0].data.rawBody).toBe('\ufffd\ufffdA');
  });
});

describe('bad requests to the control API and the static files', () => {
  it.each([
    ['a non-JSON body', 'POST', '/api/sessions', '{lessonId:', 400, /not valid JSON/],
    ['an array body', 'POST', '/api/sessions', '[]', 400, /expected object/],
    ['a number lesson id', 'POST', '/api/sessions', '{"lessonId": 7}', 400, /lessonId/],
    ['an unknown lesson', 'POST', '/api/sessions', '{"lessonId": "../../etc/passwd"}', 404, /unknown lesson/],
  ])('%s: %i', async (_name, method, path, body, status, message) => {
    const res = await raw(method, path, { 'content-type': 'application/json' }, body);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body).error).toMatch(message);
  });

  it('code that is not a string, or too long, is refused naming the field', async () => {
    const notString = await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: 42 });
    expect(notString.status).toBe(400);
    expect(notString.json.field).toBe('code');
    const tooLong = await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: 'x'.repeat(100_001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error).toMatch(/longer than 100000 characters/);
  });

  it.each(['/api/lessons/..%2F..%2Fpackage.json', '/api/lessons/%2e%2e%2fserver', '/assets/..%2F..%2Fpackage.json', '/assets/%2e%2e/%2e%2e/package.json', '/..%2F..%2Fpackage.json'])(
    'path traversal %s reveals no file',
    async (path) => {
      const res = await raw('GET', path);
      expect(res.body).not.toContain('"name": "gudang"');
      expect(res.status === 404 || res.status === 400 || res.body.includes('<!doctype html>')).toBe(true);
    },
  );

  it.each(['x', 'A'.repeat(10_000), '%00', 'AAAAAAAAAAAAAAAAAAAAA%2F'])('session id %#: a clear 404', async (id) => {
    for (const path of [`/sandbox/${id}/api/products`, `/api/sessions/${id}/traces`]) {
      const res = await raw('GET', path);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body).error).toMatch(/no such session/);
    }
  });

  it('one session cannot read another’s traces, even knowing a trace id', async () => {
    const other = await newSession(gudang.url);
    await call(gudang.url, 'GET', `/sandbox/${other.sessionId}/api/products`);
    const theirs = (await call(gudang.url, 'GET', `/api/sessions/${other.sessionId}/traces`)).json.traces[0].id;
    expect((await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${theirs}`)).status).toBe(404);
  });
});

describe('fuzzing', () => {
  const methods = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE');
  const contentTypes = fc.constantFrom(
    'application/json',
    'application/x-www-form-urlencoded',
    'text/plain',
    'application/octet-stream',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
  );
  const pathChars = fc.constantFrom(...'abc/._-~%20?&=#:;[]{}\'"<>\\'.split(''), '%2e', '%2F', '%00', '%ff', '..');
  const path = fc.array(pathChars, { maxLength: 30 }).map((parts) => parts.join(''));
  const headerValue = fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, ''));

  it('the learner app never answers 5xx for bad input and the server keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(methods, path, contentTypes, fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 })), headerValue, async (method, p, type, body, header) => {
        const target = `/sandbox/${sessionId}/api/products${p.startsWith('/') ? '' : '/'}${p}`.replace(/#/g, '%23');
        const res = await raw(method, target, { 'content-type': type, 'x-fuzz': header }, method === 'GET' ? undefined : body);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    await stillServes();
  });

  it('the control API never answers 5xx for bad bodies', async () => {
    const endpoints = fc.constantFrom(
      ['POST', '/api/sessions'],
      ['PUT', `/api/sessions/${sessionId}/code`],
      ['POST', `/api/sessions/${sessionId}/reset`],
      ['GET', `/api/sessions/${sessionId}/traces/x`],
      ['GET', '/api/lessons/x'],
    );
    await fc.assert(
      fc.asyncProperty(endpoints, fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 })), contentTypes, async ([method, endpoint], body, type) => {
        const res = await raw(method!, endpoint!, { 'content-type': type }, method === 'GET' ? undefined : body);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    await stillServes();
  });
});
