import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trace } from '../../../server/contract/trace.js';
import { traceSchema } from '../../../server/contract/trace.js';
import type { Gudang } from '../../../server/gudang.js';
import { call, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang();
});
afterAll(() => gudang.close());

async function latestTrace(sessionId: string): Promise<Trace> {
  const list = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`);
  const full = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${list.json.traces[0].id}`);
  return traceSchema.parse(full.json);
}

describe('a learner session', () => {
  it('is created with an unguessable id and a sandbox URL', async () => {
    const created = await call(gudang.url, 'POST', '/api/sessions', { lessonId: '01-products' });
    expect(created.status).toBe(201);
    expect(created.json.sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.json.sandboxUrl).toBe(`${gudang.url}/sandbox/${created.json.sessionId}`);
    const other = await newSession(gudang.url);
    expect(other.sessionId).not.toBe(created.json.sessionId);
  });

  it('answers 404 for an unknown lesson, and 400 naming the field for a bad body', async () => {
    const unknown = await call(gudang.url, 'POST', '/api/sessions', { lessonId: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/unknown lesson/);
    const bad = await call(gudang.url, 'POST', '/api/sessions', { lesson: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.field).toBe('lessonId');
  });

  it('answers a clear 404 for an unknown or malformed session id', async () => {
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', 'not-an-id']) {
      const res = await call(gudang.url, 'GET', `/sandbox/${id}/api/products`);
      expect(res.status).toBe(404);
      expect(res.json.error).toMatch(/no such session/);
      expect((await call(gudang.url, 'GET', `/api/sessions/${id}/traces`)).status).toBe(404);
    }
  });
});

describe('a request to the learner app', () => {
  it('runs the handler and records receive, middleware, process, log, query, respond in order', async () => {
    const { sessionId } = await newSession(gudang.url);
    const res = await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/2?fields=name`, undefined, { 'x-trace-me': 'yes' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: 2, name: 'Teh Melati', price: 25000, stock: 40 });
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');

    const trace = await latestTrace(sessionId);
    expect(trace.steps.map((s) => s.kind)).toEqual(['receive', 'middleware', 'process', 'log', 'query', 'respond']);
    const [receive, middleware, process, log, query, respond] = trace.steps;
    expect(receive).toMatchObject({ node: 'express', data: { method: 'GET', path: '/api/products/2', url: '/api/products/2?fields=name', query: { fields: 'name' } } });
    expect(receive!.kind === 'receive' && receive.data.headers['x-trace-me']).toBe('yes');
    expect(middleware).toMatchObject({ node: 'middleware:0', line: 2, data: { name: 'requireKey', calledNext: true } });
    expect(process).toMatchObject({ node: 'handler', line: 12, data: { method: 'GET', pattern: '/api/products/:id', params: { id: '2' } } });
    expect(log).toMatchObject({ line: 14, data: { message: 'looking up product 2' } });
    expect(query).toMatchObject({
      node: 'database',
      line: 15,
      data: { sql: 'SELECT * FROM products WHERE id = ?', params: [2], rowCount: 1, rows: [{ id: 2, name: 'Teh Melati' }], columns: ['id', 'name', 'price', 'stock'] },
    });
    expect(respond).toMatchObject({ node: 'response', data: { status: 200, contentType: 'application/json; charset=utf-8' } });
    for (let i = 1; i < trace.steps.length; i++) expect(trace.steps[i]!.startMs).toBeGreaterThanOrEqual(trace.steps[i - 1]!.startMs);
    expect(trace.steps.every((s) => s.durationMs >= 0)).toBe(true);
  });

  it('writes the database on POST, and the change is visible afterwards', async () => {
    const { sessionId } = await newSession(gudang.url);
    const created = await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Keripik Tempe', price: 15000, stock: 25 });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: 5, name: 'Keripik Tempe', price: 15000, stock: 25 });
    const trace = await latestTrace(sessionId);
    const insert = trace.steps.find((s) => s.kind === 'query');
    expect(insert).toMatchObject({ line: 25, data: { method: 'run', rowsAffected: 1, lastInsertRowid: 5, params: ['Keripik Tempe', 15000, 25] } });
    const receive = trace.steps[0];
    expect(receive?.kind === 'receive' && receive.data.rawBody).toBe('{"name":"Keripik Tempe","price":15000,"stock":25}');

    const database = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/database`);
    const products = database.json.tables.find((t: { name: string }) => t.name === 'products');
    expect(products.rowCount).toBe(5);
    expect(products.rows.at(-1)).toMatchObject({ name: 'Keripik Tempe' });
    expect(products.columns[0]).toEqual({ name: 'id', type: 'INTEGER', primaryKey: true });
  });

  it('records each write’s rows, and a failed request’s open transaction undone as its last query step', async () => {
    const { sessionId } = await newSession(gudang.url);
    const code = "app.post('/boom', (req, res) => {\n  db.run('BEGIN');\n  db.run('UPDATE products SET stock = 0 WHERE id = 1');\n  throw new Error('half-way');\n});";
    expect((await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code })).status).toBe(200);
    expect((await call(gudang.url, 'POST', `/sandbox/${sessionId}/boom`, {})).status).toBe(500);
    const trace = await latestTrace(sessionId);
    const queries = trace.steps.filter((s) => s.kind === 'query');
    expect(queries.map((s) => s.kind === 'query' && [s.data.sql.slice(0, 8), s.data.changes?.rows.map((r) => [r.op, r.before?.stock, r.after?.stock])])).toEqual([
      ['BEGIN', undefined],
      ['UPDATE p', [['update', 12, 0]]],
      ['ROLLBACK', [['update', 0, 12]]],
    ]);
    const database = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/database`);
    expect(database.json.tables.find((t: { name: string }) => t.name === 'products').rows[0]).toMatchObject({ id: 1, stock: 12 });

    // Answering without COMMIT used to stop the sandbox (sql.js cannot export mid-transaction).
    const forgot = "app.post('/forgot', (req, res) => {\n  db.run('BEGIN');\n  db.run('UPDATE products SET stock = 1 WHERE id = 1');\n  res.json({ ok: true });\n});";
    expect((await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: forgot })).status).toBe(200);
    expect((await call(gudang.url, 'POST', `/sandbox/${sessionId}/forgot`, {})).status).toBe(200);
    const last = (await latestTrace(sessionId)).steps.filter((s) => s.kind === 'query').at(-1);
    expect(last).toMatchObject({ data: { sql: expect.stringMatching(/^ROLLBACK -- by Gudang/), changes: { rows: [{ op: 'update', before: { stock: 1 }, after: { stock: 12 } }] } } });
  });

  it('parses urlencoded and text bodies, and shows a malformed JSON body as a 400 with its position', async () => {
    const { sessionId } = await newSession(gudang.url);
    const form = await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, 'name=Tahu&price=3', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400); // price arrives as the text "3", as in Express
    const formTrace = await latestTrace(sessionId);
    expect(formTrace.steps[0]).toMatchObject({ data: { body: { name: 'Tahu', price: '3' } } });

    const broken = await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, '{"name": "x",}');
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatch(/not valid JSON/);
    const trace = await latestTrace(sessionId);
    expect(trace.steps.map((s) => s.kind)).toEqual(['receive', 'error', 'respond']);
    expect(trace.steps[0]).toMatchObject({ data: { bodyError: { position: 13 } } });
  });

  it('records a middleware that stops the request without calling next', async () => {
    const { sessionId } = await newSession(gudang.url);
    const res = await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products`, undefined, { 'x-api-key': 'wrong' });
    expect(res.status).toBe(401);
    const trace = await latestTrace(sessionId);
    expect(trace.steps.map((s) => s.kind)).toEqual(['receive', 'middleware', 'respond']);
    expect(trace.steps[1]).toMatchObject({ data: { calledNext: false } });
  });

  it('answers an unmatched route with Express’s 404 and records it', async () => {
    const { sessionId } = await newSession(gudang.url);
    const res = await call(gudang.url, 'DELETE', `/sandbox/${sessionId}/api/nothing`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Cannot DELETE /api/nothing');
    const trace = await latestTrace(sessionId);
    expect(trace.status).toBe(404);
    expect(trace.steps.at(-1)).toMatchObject({ kind: 'respond', data: { status: 404 } });
  });
});

describe('learner code', () => {
  it('that does not compile is refused with its line, and the previous code keeps serving', async () => {
    const { sessionId } = await newSession(gudang.url);
    const bad = await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: "app.get('/x', (req, res) => {\n  res.json({ ok: true }\n});" });
    expect(bad.status).toBe(400);
    expect(bad.json.compile).toMatchObject({ line: 3 });
    expect(bad.json.field).toBe('code');
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`)).status).toBe(200);
  });

  it('that throws yields an error step at the learner’s line and a 500', async () => {
    const { sessionId } = await newSession(gudang.url);
    const code = "app.get('/boom', (req, res) => {\n  const product: any = null;\n  res.json(product.name);\n});";
    expect((await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code })).status).toBe(200);
    const res = await call(gudang.url, 'GET', `/sandbox/${sessionId}/boom`);
    expect(res.status).toBe(500);
    const trace = await latestTrace(sessionId);
    const error = trace.steps.find((s) => s.kind === 'error');
    expect(error).toMatchObject({ line: 3, data: { code: 'runtime_error' } });
    expect(error?.kind === 'error' && error.data.message).toMatch(/TypeError: cannot read property 'name' of null/);
    expect(error?.kind === 'error' && error.data.stack[0]).toMatchObject({ line: 3 });
  });

  it('is reset with its data to the lesson’s starting point', async () => {
    const { sessionId, code: starter } = await newSession(gudang.url);
    await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Extra', price: 1 });
    await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: "app.get('/api/products', (req, res) => res.send('changed'));" });
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products`)).text).toBe('changed');

    const reset = await call(gudang.url, 'POST', `/api/sessions/${sessionId}/reset`);
    expect(reset.status).toBe(200);
    expect(reset.json.code).toBe(starter);
    const list = await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products`);
    expect(list.json).toHaveLength(4);
  });

  it('of two sessions never sees the other’s data', async () => {
    const a = await newSession(gudang.url);
    const b = await newSession(gudang.url);
    await call(gudang.url, 'POST', `/sandbox/${a.sessionId}/api/products`, { name: 'Only in A', price: 1 });
    const listA = await call(gudang.url, 'GET', `/sandbox/${a.sessionId}/api/products`);
    const listB = await call(gudang.url, 'GET', `/sandbox/${b.sessionId}/api/products`);
    expect(listA.json.map((p: { name: string }) => p.name)).toContain('Only in A');
    expect(listB.json.map((p: { name: string }) => p.name)).not.toContain('Only in A');
    expect((await call(gudang.url, 'GET', `/api/sessions/${b.sessionId}/traces`)).json.traces).toHaveLength(1);
  });
});
