import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { DEFAULT_LIMITS } from '../../../server/sandbox/sandbox-types.js';
import { call, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

/**
 * Hostile learner code: each case adds a route `GET /h` to the lesson's code, calls it, and checks
 * the safe outcome — the status, the error step the learner sees — and that the same session and
 * the server still serve a normal request afterwards.
 */
interface HostileCase {
  name: string;
  /** The body of `(req, res) => { … }` for GET /h. */
  handler: string;
  status: number;
  /** The error step's code, or null when the learner's code handled it. */
  error: string | RegExp | null;
  message?: RegExp;
  body?: RegExp;
  /** The case breaks its own app's globals, as it would in real Express: only others are checked after. */
  pollutesOwnApp?: boolean;
}

const cases: HostileCase[] = [
  // CPU, memory and the event loop
  { name: 'an endless loop', handler: 'while (true) {}', status: 500, error: 'timeout', message: /ran longer than 1 s/ },
  { name: 'a memory bomb', handler: 'const a = []; while (true) a.push(new Array(1e6).fill(a.length));', status: 500, error: 'out_of_memory', message: /more than 32 MB of memory/ },
  { name: 'deep recursion', handler: 'const f = (n) => f(n + 1) + 1; f(0);', status: 500, error: 'out_of_memory', message: /more than 32 MB of memory: its call stack/ },
  // Each turn keeps a promise alive: whichever comes first, the deadline or the memory limit, ends it.
  { name: 'a promise loop', handler: 'const spin = () => Promise.resolve().then(spin); spin();', status: 500, error: /^(timeout|out_of_memory)$/ },
  { name: 'a promise that never settles', handler: 'return new Promise(() => {});', status: 500, error: 'no_response' },
  { name: 'an async endless loop', handler: 'return (async () => { await null; while (true) {} })();', status: 500, error: 'timeout' },
  { name: 'a regular-expression bomb', handler: "res.json(/^(a+)+$/.test('a'.repeat(40) + 'b'));", status: 500, error: 'timeout' },
  // SQL
  { name: 'a runaway recursive CTE', handler: "res.json(db.query('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c'));", status: 500, error: 'timeout' },
  {
    name: 'a string-doubling CTE',
    handler: 'res.json(db.query("WITH RECURSIVE r(s) AS (SELECT \'x\' UNION ALL SELECT s || s FROM r) SELECT length(s) FROM r"));',
    status: 500,
    error: 'sql_memory_exceeded',
    message: /SQL needed more than 64 MB of memory/,
  },
  { name: 'randomblob of 300 MB', handler: "res.json(db.query('SELECT length(randomblob(300000000)) AS n'));", status: 500, error: 'runtime_error', message: /SQL values are limited to 1 MB/ },
  { name: 'zeroblob of 1 GB', handler: "res.json(db.query('SELECT length(zeroblob(1000000000)) AS n'));", status: 500, error: 'runtime_error', message: /SQL values are limited/ },
  { name: 'ATTACH another database', handler: 'res.json(db.query("ATTACH \'/dbfile_1\' AS other"));', status: 500, error: 'runtime_error', message: /ATTACH is not allowed/ },
  {
    name: 'ATTACH hidden by case and a comment',
    handler: "res.json(db.run('/* hi */ aTtAcH DATABASE ? AS x', ['/dbfile_2']));",
    status: 500,
    error: 'runtime_error',
    message: /ATTACH is not allowed/,
  },
  { name: 'VACUUM INTO a file', handler: 'res.json(db.run("VACUUM INTO \'/tmp/copy.db\'"));', status: 500, error: 'runtime_error', message: /VACUUM is not allowed/ },
  { name: 'load_extension', handler: 'res.json(db.query("SELECT load_extension(\'/lib/x.so\')"));', status: 500, error: 'runtime_error', message: /LOAD_EXTENSION is not allowed/ },
  { name: 'too many queries', handler: "for (let i = 0; i < 1000; i++) db.query('SELECT 1'); res.send('done');", status: 500, error: 'too_many_queries', message: /more than 200 queries/ },
  {
    name: 'too many rows',
    handler: "res.json(db.query('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 6000) SELECT x FROM c').length);",
    status: 500,
    error: 'too_many_rows',
    message: /more than 5000 rows/,
  },
  { name: 'a BigInt SQL parameter', handler: "res.json(db.query('SELECT ?', [10n]));", status: 500, error: 'runtime_error', message: /BigInt/ },
  { name: 'an object SQL parameter', handler: "res.json(db.query('SELECT ? AS v', [{ a: 1 }]));", status: 500, error: 'runtime_error', message: /SQL parameters must be/ },
  // Output
  { name: 'a huge log', handler: "for (;;) log('x'.repeat(10000));", status: 500, error: 'log_too_large', message: /log output was larger than 64 KB/ },
  { name: 'a 5 MB response', handler: "res.send('x'.repeat(5 * 1024 * 1024));", status: 500, error: 'response_too_large', message: /response was larger than 1 MB/ },
  // Values crossing to the host
  { name: 'a circular object', handler: 'const a = {}; a.self = a; res.json(a);', status: 500, error: 'runtime_error', message: /circular/i },
  { name: 'a throwing toJSON', handler: "res.json({ toJSON() { throw new Error('gotcha'); } });", status: 500, error: 'runtime_error', message: /gotcha/ },
  { name: 'an endless toJSON', handler: 'res.json({ toJSON() { while (true) {} } });', status: 500, error: 'timeout' },
  { name: 'an endless getter', handler: 'res.json({ get x() { for (;;) {} } });', status: 500, error: 'timeout' },
  { name: 'a Proxy that lies', handler: "res.json(new Proxy({}, { ownKeys: () => { throw new Error('trap'); } }));", status: 500, error: 'runtime_error', message: /trap/ },
  { name: 'a BigInt in JSON', handler: 'res.json({ n: 1n });', status: 500, error: 'runtime_error', message: /BigInt/ },
  { name: 'a function in JSON', handler: 'res.json({ f() {}, ok: 1 });', status: 200, error: null, body: /^\{"ok":1\}$/ },
  { name: 'a Symbol.toPrimitive status', handler: 'res.status({ [Symbol.toPrimitive]: () => 200 }).send("x");', status: 500, error: 'runtime_error', message: /Invalid status code/ },
  { name: 'a thrown non-Error', handler: 'throw { toString() { while (true) {} } };', status: 500, error: 'runtime_error' },
  { name: 'a thrown error whose message getter loops', handler: "const e = new Error('x'); Object.defineProperty(e, 'message', { get() { for (;;) {} } }); throw e;", status: 500, error: 'timeout' },
  // Responses Node would refuse
  { name: 'status 1000', handler: "res.status(1000).send('x');", status: 500, error: 'runtime_error', message: /Invalid status code: 1000/ },
  { name: 'a header with CRLF', handler: "res.set('X-A', 'ok\\r\\nSet-Cookie: stolen=1').send('x');", status: 500, error: 'runtime_error', message: /Invalid character in header/ },
  { name: 'a header with characters beyond Latin-1', handler: "res.set('X-Kota', '東京').send('x');", status: 500, error: 'runtime_error', message: /Invalid character in header/ },
  { name: 'a header name with a space', handler: "res.set('X Bad', '1').send('x');", status: 500, error: 'runtime_error', message: /Header name must be a valid HTTP token/ },
  // Reaching for the host
  // Timers exist but live inside the sandbox; require knows only 'express'.
  {
    name: 'process, require and the network',
    handler: "let fs; try { require('fs'); } catch (e) { fs = 'refused'; } res.json([typeof process, fs, typeof fetch, typeof WebAssembly, typeof XMLHttpRequest]);",
    status: 200,
    error: null,
    body: /^\["undefined","refused","undefined","undefined","undefined"\]$/,
  },
  { name: 'the Function constructor chain', handler: "res.json(typeof ({}).constructor.constructor('return this')().process);", status: 200, error: null, body: /^"undefined"$/ },
  { name: 'dynamic import', handler: "return import('node:fs').then(() => res.send('escaped'));", status: 500, error: 'runtime_error' },
  { name: 'the internal host function', handler: 'res.json([typeof __host, typeof globalThis.__host]);', status: 200, error: null, body: /^\["undefined","undefined"\]$/ },
  {
    name: 'sabotaged JSON',
    handler: "JSON.stringify = () => '{'; JSON.parse = () => ({}); res.send(String(db.query('SELECT 41 + 1 AS n')[0].n));",
    status: 200,
    error: null,
    body: /^42$/,
    pollutesOwnApp: true,
  },
  {
    name: 'replaced globals',
    handler: "globalThis.app = null; globalThis.db = null; Object.prototype.toJSON = () => 'pwned'; res.send('x');",
    status: 500,
    error: 'no_response',
    pollutesOwnApp: true,
  },
];

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ workers: 2, limits: { ...DEFAULT_LIMITS, timeoutMs: 1000 } });
});
afterAll(() => gudang.close());

describe('hostile learner code', () => {
  it.each(cases)('$name', async (c) => {
    const { sessionId, code } = await newSession(gudang.url);
    const put = await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: `${code}\napp.get('/h', (req, res) => { ${c.handler} });` });
    expect(put.status).toBe(200);

    const res = await call(gudang.url, 'GET', `/sandbox/${sessionId}/h`);
    expect(res.status).toBe(c.status);
    if (c.body) expect(res.text).toMatch(c.body);
    const traces = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces;
    const trace = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${traces[0].id}`)).json;
    const error = trace.steps.find((s: { kind: string }) => s.kind === 'error');
    if (c.error === null) expect(error).toBeUndefined();
    else {
      expect(error?.data.code).toMatch(c.error);
      if (c.message) expect(error.data.message).toMatch(c.message);
    }

    // The same session, and the server for everyone, still work.
    const other = await newSession(gudang.url);
    for (const id of c.pollutesOwnApp ? [other.sessionId] : [sessionId, other.sessionId]) {
      const after = await call(gudang.url, 'GET', `/sandbox/${id}/api/products/1`);
      expect(after.status).toBe(200);
      expect(after.json.name).toBe('Kopi Gayo 250 g');
    }
  });

  it('parses nothing it cannot: deeply nested source is refused or survived, never fatal', async () => {
    const { sessionId } = await newSession(gudang.url);
    const nested = `app.get('/n', (req, res) => res.json(${'('.repeat(5000)}1${')'.repeat(5000)}));`;
    const put = await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: nested });
    if (put.status === 200) expect([200, 500]).toContain((await call(gudang.url, 'GET', `/sandbox/${sessionId}/n`)).status);
    else expect(put.status).toBe(400);
    const other = await newSession(gudang.url);
    expect((await call(gudang.url, 'GET', `/sandbox/${other.sessionId}/api/products/1`)).status).toBe(200);
  });
});

describe('SQL that grows memory', () => {
  it('is stopped at the SQL memory limit, keeping the session’s committed data', async () => {
    const { sessionId, code } = await newSession(gudang.url);
    await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Kept', price: 1 });
    const bomb = `app.get('/big', (req, res) => res.json(db.query("SELECT length(printf('%.*c', 100000000, 'x')) AS n")));`;
    expect((await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: `${code}\n${bomb}` })).status).toBe(200);
    const res = await call(gudang.url, 'GET', `/sandbox/${sessionId}/big`);
    expect(res.status).toBe(500);
    const [summary] = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces;
    expect(summary.error).toMatch(/your SQL needed more than 64 MB of memory/i);
    const names = (await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products`)).json.map((p: { name: string }) => p.name);
    expect(names).toContain('Kept');
  });
});
