import { beforeAll, describe, expect, it } from 'vitest';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { memorySize, newBoundedQuickJS } from '../../../server/sandbox/quickjs-module.js';
import { LimitExceeded } from '../../../server/limits/failures.js';
import { SandboxApp } from '../../../server/sandbox/sandbox-app.js';
import { DEFAULT_LIMITS, type SandboxHost, type SandboxLimits } from '../../../server/sandbox/sandbox-types.js';

let quickjs: QuickJSWASMModule;
beforeAll(async () => {
  quickjs = await newBoundedQuickJS(DEFAULT_LIMITS.memoryBytes + 16 * 1024 * 1024);
});

const queries: { sql: string; params: unknown }[] = [];
const host: SandboxHost = {
  query(sql, params, method) {
    queries.push({ sql, params });
    if (sql.includes('many')) throw new LimitExceeded({ code: 'too_many_rows', params: { limit: 5000 } });
    if (sql.includes('broken')) throw new Error('near "broken": syntax error');
    return method === 'run'
      ? { columns: [], rows: [], rowsAffected: 1, lastInsertRowid: 7, changes: { rows: [{ op: 'insert', table: 't', rowid: 7, after: { a: 2 } }], cut: false } }
      : { columns: ['id'], rows: [{ id: 1 }, { id: 2 }], rowsAffected: 0 };
  },
  hash: (password) => `hashed:${password}`,
  verify: (password, stored) => stored === `hashed:${password}`,
  service: (service, _operation, input) =>
    service === 'payment' ? { ok: true, response: { status: 'paid', input }, latencyMs: 120 } : { ok: false, response: { error: 'down' }, latencyMs: 5, error: 'maps: service unavailable (503)' },
};

function run(code: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}, limits: Partial<SandboxLimits> = {}, engine = quickjs) {
  const all = { ...DEFAULT_LIMITS, ...limits };
  const { app, startup } = SandboxApp.load(engine, code, all, host);
  if (!app) throw new Error(`the code did not load: ${JSON.stringify(startup.outcome)}`);
  try {
    const result = app.handle({ method: init.method ?? 'GET', url: path, path: path.split('?')[0]!, query: {}, headers: init.headers ?? {}, body: init.body }, host, all);
    const header = (name: string) => result.response.headers.find(([n]) => n.toLowerCase() === name)?.[1];
    return { ...result, header, reusable: app.reusable };
  } finally {
    app.dispose();
  }
}

function loadError(code: string) {
  const { app, startup } = SandboxApp.load(quickjs, code, DEFAULT_LIMITS, host);
  if (app) throw new Error('the code loaded');
  const error = startup.events.find((e) => e.type === 'error');
  return { failure: startup.outcome, frames: error?.type === 'error' ? error.frames : [] };
}

describe('routing', () => {
  it('matches methods and route parameters, decoded, Express-style', () => {
    const code = `
      app.get('/api/items/:id/reviews/:reviewId', (req, res) => res.json(req.params));
      app.post('/api/items', (req, res) => res.status(201).json({ got: req.body }));`;
    const get = run(code, '/api/items/42/reviews/a%20b');
    expect(JSON.parse(get.response.body)).toEqual({ id: '42', reviewId: 'a b' });
    const post = run(code, '/api/items', { method: 'POST', body: { name: 'x' } });
    expect(post.response.status).toBe(201);
    expect(JSON.parse(post.response.body)).toEqual({ got: { name: 'x' } });
    expect(run(code, '/api/items', { method: 'PUT' }).response!.status).toBe(404);
  });

  it('runs middleware in order, with next(), and records each as entered and left', () => {
    const code = `
      app.use((req, res, next) => { req.user = { name: 'ani' }; next(); });
      app.use('/admin', (req, res) => res.status(403).json({ error: 'admins only' }));
      app.get('/me', (req, res) => res.json(req.user));`;
    const me = run(code, '/me');
    expect(JSON.parse(me.response.body)).toEqual({ name: 'ani' });
    const kinds = me.events.filter((e) => e.type === 'enter').map((e) => e.type === 'enter' && e.layer.kind);
    expect(kinds).toEqual(['middleware', 'handler']);
    const admin = run(code, '/admin/users');
    expect(admin.response.status).toBe(403);
    const leaves = admin.events.filter((e) => e.type === 'leave').map((e) => e.type === 'leave' && e.calledNext);
    expect(leaves).toEqual([true, false]);
  });

  it('sends next(err) to an error-handling middleware with four parameters', () => {
    const code = `
      app.get('/fail', (req, res, next) => next(Object.assign(new Error('nope'), { status: 418 })));
      app.use((err, req, res, next) => res.status(err.status).json({ error: err.message }));`;
    const result = run(code, '/fail');
    expect(result.response).toMatchObject({ status: 418, body: '{"error":"nope"}' });
  });

  it('turns a rejected async handler into the default 500 page with an error step', async () => {
    const result = run(`app.get('/a', async (req, res) => { await null; throw new Error('late'); });`, '/a');
    expect(result.response.status).toBe(500);
    expect(result.response.body).toContain('Internal Server Error');
    expect(result.events.find((e) => e.type === 'error')).toMatchObject({ failure: { code: 'runtime_error', params: { detail: 'Error: late' } } });
  });
});

describe('responses, as Express 5 sends them', () => {
  const cases: [string, number, string | undefined, string][] = [
    ["res.send('<p>hi</p>')", 200, 'text/html; charset=utf-8', '<p>hi</p>'],
    ['res.send({ a: 1 })', 200, 'application/json; charset=utf-8', '{"a":1}'],
    ['res.json(null)', 200, 'application/json; charset=utf-8', 'null'],
    ['res.send(42)', 200, 'application/json; charset=utf-8', '42'],
    ['res.send(null)', 200, undefined, ''],
    ['res.sendStatus(204)', 204, 'text/plain; charset=utf-8', 'No Content'],
    ["res.type('text').send('plain')", 200, 'text/plain; charset=utf-8', 'plain'],
    ["res.redirect('/elsewhere')", 302, 'text/plain; charset=utf-8', 'Found. Redirecting to /elsewhere'],
    ["res.html('<h1>Toko</h1>')", 200, 'text/html; charset=utf-8', '<h1>Toko</h1>'],
  ];
  it.each(cases)('%s', (expression, status, contentType, body) => {
    const result = run(`app.get('/', (req, res) => { ${expression}; });`, '/');
    expect(result.response.status).toBe(status);
    expect(result.header('content-type')).toBe(contentType);
    expect(result.response.body).toBe(body);
  });

  it('refuses an invalid status code or a header with a line break as a runtime error', () => {
    const status = run(`app.get('/', (req, res) => res.status(99).send('x'));`, '/');
    expect(status.response.status).toBe(500);
    expect(status.events.find((e) => e.type === 'error')).toMatchObject({ failure: { code: 'runtime_error', params: { detail: expect.stringContaining('Invalid status code: 99') } } });
    const header = run(`app.get('/', (req, res) => res.set('X-Evil', 'a\\r\\nSet-Cookie: x=1').send('x'));`, '/');
    expect(header.response.status).toBe(500);
    expect(header.events.find((e) => e.type === 'error')).toMatchObject({ failure: { code: 'runtime_error', params: { detail: expect.stringContaining('Invalid character in header') } } });
  });

  it('reports a handler that never answers', () => {
    const result = run(`app.get('/', (req, res) => {});`, '/');
    expect(result.outcome).toMatchObject({ code: 'no_response' });
    expect(result.response.status).toBe(500);
  });
});

describe('host capabilities', () => {
  it('gives db.query rows and db.run changes, recording SQL, parameters and the caller’s line', () => {
    const code = "app.get('/', (req, res) => {\n  const rows = db.query('SELECT id FROM t WHERE a = ?', [1]);\n  const r = db.run('INSERT INTO t VALUES (?)', [2]);\n  res.json({ rows, r });\n});";
    const result = run(code, '/');
    expect(JSON.parse(result.response.body)).toEqual({ rows: [{ id: 1 }, { id: 2 }], r: { changes: 1, lastInsertRowid: 7 } });
    const recorded = result.events.filter((e) => e.type === 'query');
    expect(recorded.map((e) => e.type === 'query' && [e.sql, e.params, e.at?.[0], e.rowCount])).toEqual([
      ['SELECT id FROM t WHERE a = ?', [1], 2, 2],
      ['INSERT INTO t VALUES (?)', [2], 3, 0],
    ]);
    expect(recorded.map((e) => e.type === 'query' && e.changes)).toEqual([undefined, { rows: [{ op: 'insert', table: 't', rowid: 7, after: { a: 2 } }], cut: false }]);
  });

  it('lets the learner catch a SQL error and records it on the query step', () => {
    const result = run(`app.get('/', (req, res) => { try { db.query('broken'); } catch (e) { res.status(400).json({ error: e.message }); } });`, '/');
    expect(result.response.status).toBe(400);
    expect(result.events.find((e) => e.type === 'query')).toMatchObject({ error: 'near "broken": syntax error' });
  });

  it('records outside service calls, and throws their failures into the learner’s code', () => {
    const result = run(
      `app.get('/', (req, res) => { const paid = services.payment.charge({ amount: 5 }); try { services.maps.geocode({ place: 'x' }); } catch (e) { return res.json({ paid, mapsError: e.message }); } });`,
      '/',
    );
    expect(JSON.parse(result.response.body)).toEqual({ paid: { status: 'paid', input: { amount: 5 } }, mapsError: 'maps: service unavailable (503)' });
    expect(result.events.filter((e) => e.type === 'external').map((e) => e.type === 'external' && [e.service, e.ok, e.durationMs])).toEqual([
      ['payment', true, 120],
      ['maps', false, 5],
    ]);
  });

  it('offers hash and verify', () => {
    const result = run(`app.get('/', (req, res) => res.json({ h: hash('rahasia'), ok: verify('rahasia', hash('rahasia')), bad: verify('x', hash('rahasia')) }));`, '/');
    expect(JSON.parse(result.response.body)).toEqual({ h: 'hashed:rahasia', ok: true, bad: false });
  });
});

describe('a wrong method', () => {
  it('keeps Express’s 404 and records the methods the path has', () => {
    const code = `app.get('/api/items/:id', (req, res) => res.json({}));\napp.put('/api/items/:id', (req, res) => res.json({}));\napp.use((req, res, next) => next());`;
    const result = run(code, '/api/items/1', { method: 'DELETE' });
    expect(result.response.status).toBe(404);
    expect(result.response.body).toContain('Cannot DELETE /api/items/1');
    expect(result.outcome.code).toBe('ok');
    expect(result.events.find((e) => e.type === 'error')).toMatchObject({ failure: { code: 'wrong_method', params: { method: 'DELETE', path: '/api/items/1', allowed: ['GET', 'PUT'] } } });
    expect(run(code, '/api/nothing', { method: 'DELETE' }).events.some((e) => e.type === 'error')).toBe(false);
  });
});

describe('limits', () => {
  it('stops an endless loop at the deadline and marks the app for reloading', () => {
    const started = performance.now();
    const result = run(`app.get('/', (req, res) => { while (true) {} });`, '/', {}, { timeoutMs: 200 });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(result.outcome).toEqual({ code: 'timeout', params: { limitMs: 200 } });
    expect(result.reusable).toBe(false);
  });

  it('points an endless loop’s error at the loop, not at the start of its function', () => {
    const code = ['let total = 0;', "app.get('/', (req, res) => {", '  let i = 0;', '  while (i < 10) {', '    total = total + i;', '  }', '  res.json(total);', '});'].join('\n');
    const error = run(code, '/', {}, { timeoutMs: 150 }).events.find((e) => e.type === 'error');
    expect(error).toMatchObject({ failure: { code: 'timeout' }, at: [4, expect.any(Number)] });
  });

  it('points a loop in a nested function, or at the top level, at that loop', () => {
    const nested = ["app.get('/', (req, res) => {", '  const spin = () => {', '    for (;;) {', '    }', '  };', '  spin();', '});'].join('\n');
    expect(run(nested, '/', {}, { timeoutMs: 150 }).events.find((e) => e.type === 'error')).toMatchObject({ at: [3, 5], frames: [{ fn: 'spin', line: 3 }, { line: 6 }] });
    const topLevel = SandboxApp.load(quickjs, ['let n = 0;', 'while (true) {', '  n++;', '}'].join('\n'), { ...DEFAULT_LIMITS, timeoutMs: 150 }, host);
    expect(topLevel.app).toBeNull();
    expect(topLevel.startup.outcome).toMatchObject({ code: 'timeout' });
    expect(topLevel.startup.events.find((e) => e.type === 'error')).toMatchObject({ frames: [{ line: 2 }] });
  });

  it('stops a promise loop that never yields to the host', () => {
    const result = run(`app.get('/', (req, res) => { const spin = () => Promise.resolve().then(spin); spin(); });`, '/', {}, { timeoutMs: 200 });
    expect(result.outcome.code).toBe('timeout');
  });

  it('stops a memory bomb with a plain message', async () => {
    // An engine of its own: the memory a bomb grows is never given back (the worker replaces such an engine).
    const engine = await newBoundedQuickJS(DEFAULT_LIMITS.memoryBytes + 16 * 1024 * 1024);
    const result = run(`app.get('/', (req, res) => { const a = []; while (true) a.push('x'.repeat(1e6) + a.length); });`, '/', {}, {}, engine);
    expect(result.outcome).toEqual({ code: 'out_of_memory', params: { limitBytes: 32 * 1024 * 1024 } });
  });

  it('stops deep recursion as running out of memory (its stack), with the line, not a crash', () => {
    const result = run(`app.get('/', (req, res) => { const f = (n) => f(n + 1) + 1; f(0); });`, '/');
    expect(result.response.status).toBe(500);
    expect(result.events.find((e) => e.type === 'error')).toMatchObject({
      failure: { code: 'out_of_memory', params: { limitBytes: 32 * 1024 * 1024, stackBytes: 256 * 1024 } },
      at: [1, expect.any(Number)],
    });
  });

  it('limits queries per request, log size, rows and response size', () => {
    expect(run(`app.get('/', (req, res) => { for (let i = 0; i < 10; i++) db.query('SELECT 1'); res.send('x'); });`, '/', {}, { queriesPerRequest: 5 }).outcome).toEqual({
      code: 'too_many_queries',
      params: { limit: 5 },
    });
    expect(run(`app.get('/', (req, res) => { for (;;) log('x'.repeat(1000)); });`, '/', {}, { logBytes: 10_000 }).outcome).toEqual({ code: 'log_too_large', params: { limitBytes: 10_000 } });
    expect(run(`app.get('/', (req, res) => { try { db.query('many'); } catch (e) {} res.send('caught'); });`, '/').outcome).toEqual({ code: 'too_many_rows', params: { limit: 5000 } });
    const big = run(`app.get('/', (req, res) => res.send('x'.repeat(2048)));`, '/', {}, { responseBytes: 1024 });
    expect(big.outcome).toEqual({ code: 'response_too_large', params: { limitBytes: 1024 } });
    expect(big.response.status).toBe(500);
  });

  it('reports code that throws at the top level, with its line', () => {
    expect(loadError('const x = 1;\nundefinedFunction();')).toMatchObject({
      failure: { code: 'runtime_error', params: { detail: expect.stringContaining('undefinedFunction'), hint: 'not_defined' } },
      frames: [{ line: 2 }],
    });
  });

  it('gives learner code no host: process, import and the host function are absent, require knows only express', () => {
    const code = `app.get('/', (req, res) => {
      let fs; try { require('fs'); } catch (e) { fs = e.message; }
      res.json({
        process: typeof process, host: typeof __host, fetch: typeof fetch, fs, express: require('express') === express,
        ctor: (function(){}).constructor('return typeof process + typeof __host')(),
      });
    });`;
    expect(JSON.parse(run(code, '/').response!.body)).toEqual({
      process: 'undefined',
      host: 'undefined',
      fetch: 'undefined',
      fs: expect.stringContaining("require('fs') is not available"),
      express: true,
      ctor: 'undefinedundefined',
    });
  });
});

describe('timers live only as long as the request', () => {
  it('runs a timer that answers within the deadline', () => {
    const result = run(`app.get('/', (req, res) => { setTimeout(() => res.json({ late: true }), 30); });`, '/');
    expect(result.outcome).toEqual({ code: 'ok' });
    expect(JSON.parse(result.response.body)).toEqual({ late: true });
  });

  it('cancels a timer still pending after the response, and the trace says so', () => {
    const code = ["app.get('/', (req, res) => {", "  setTimeout(() => log('too late'), 200);", "  res.send('now');", '});'].join('\n');
    const result = run(code, '/');
    expect(result.response.body).toBe('now');
    const logs = result.events.filter((e) => e.type === 'log');
    expect(logs).toEqual([expect.objectContaining({ message: expect.stringMatching(/setTimeout\(…, 200\) was still pending .* cancelled/), at: [2, expect.any(Number)] })]);
  });

  it('stops a timer due after the deadline as a timeout', () => {
    const result = run(`app.get('/', (req, res) => { setTimeout(() => res.send('never'), 5000); });`, '/', {}, { timeoutMs: 200 });
    expect(result.outcome).toMatchObject({ code: 'timeout' });
  });

  it('does not keep timers set at start-up', () => {
    const { app, startup } = SandboxApp.load(quickjs, "setInterval(() => log('tick'), 10);\napp.get('/', (req, res) => res.send('x'));", DEFAULT_LIMITS, host);
    expect(startup.outcome).toEqual({ code: 'ok' });
    expect(startup.events).toEqual([expect.objectContaining({ type: 'log', message: expect.stringMatching(/setInterval\(…, 10\) was still pending after start-up/) })]);
    app!.dispose();
  });
});

describe('memory over many requests', () => {
  it('stays near what loaded apps take: their garbage is collected from the first requests on', async () => {
    // Each request leaves cyclic garbage (Express's `next` closures); uncollected, 8 apps grow by ~5 MB in 200 requests each.
    const engine = await newBoundedQuickJS(DEFAULT_LIMITS.memoryBytes + 16 * 1024 * 1024);
    const code = `
      app.use((req, res, next) => next());
      app.get('/api/items/:id', (req, res) => res.json({ id: req.params.id, rows: db.query('SELECT id FROM items') }));`;
    const apps = Array.from({ length: 8 }, () => SandboxApp.load(engine, code, DEFAULT_LIMITS, host).app!);
    const loaded = memorySize(engine);
    for (let round = 0; round < 200; round++) {
      const path = `/api/items/${round}`;
      for (const app of apps) expect(app.handle({ method: 'GET', url: path, path, query: {}, headers: {}, body: undefined }, host, DEFAULT_LIMITS).response.status).toBe(200);
    }
    expect(memorySize(engine) - loaded).toBeLessThanOrEqual(1024 * 1024);
    for (const app of apps) app.dispose();
  });
});
