import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureText } from '../../../server/contract/failure-words.js';
import { traceSchema, type StepOf, type Trace } from '../../../server/contract/trace.js';
import type { Gudang } from '../../../server/gudang.js';
import { call, COURSE_LESSONS, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ lessonsDir: COURSE_LESSONS });
  // New code runs first in the quarantine worker: warm it, so its start-up does not count against
  // the first deadline below (the pool would then restart it and the loop's line would be lost).
  const warm = await newSession(gudang.url, '02-routes-and-logic');
  await call(gudang.url, 'PUT', `/api/sessions/${warm.sessionId}/code`, { code: "app.get('/', (req, res) => res.send('ok'));" });
  await call(gudang.url, 'GET', `/sandbox/${warm.sessionId}/`);
});
afterAll(() => gudang.close());

async function latestTrace(sessionId: string): Promise<Trace> {
  const list = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`);
  const full = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${list.json.traces[0].id}`);
  return traceSchema.parse(full.json);
}

const errorStep = (trace: Trace) => trace.steps.find((s): s is StepOf<'error'> => s.kind === 'error');

async function sessionWith(lessonId: string, code: string) {
  const { sessionId } = await newSession(gudang.url, lessonId);
  const put = await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code });
  expect(put.status).toBe(200);
  return sessionId;
}

describe('what the learner reads about a failed request', () => {
  it('carries a code and figures the UI words in either language, not a sentence', async () => {
    const sessionId = await sessionWith('02-routes-and-logic', "app.get('/spin', (req, res) => {\n  let n = 0;\n  while (n >= 0) {\n    n = n + 1;\n  }\n  res.json(n);\n});");
    const res = await call(gudang.url, 'GET', `/sandbox/${sessionId}/spin`);
    expect(res.status).toBe(500);
    const error = errorStep(await latestTrace(sessionId))!;
    expect(error).toMatchObject({ data: { code: 'timeout', params: { limitMs: 1000 } }, line: 3 });
    expect(failureText(error.data, 'id')).toBe('Kodemu berjalan lebih dari 1 s dan dihentikan');
  });

  it('explains a missing JSON body in plain words beside QuickJS’s own message', async () => {
    const sessionId = await sessionWith('02-routes-and-logic', "app.post('/api/cart/total', (req, res) => {\n  const { items } = req.body;\n  res.json({ items });\n});");
    const res = await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/cart/total`);
    expect(res.status).toBe(500);
    const error = errorStep(await latestTrace(sessionId))!;
    expect(error.data).toMatchObject({ code: 'runtime_error', params: { detail: expect.stringMatching(/^TypeError: /), hint: 'no_json_body' } });
    expect(error.data.stack[0]).toMatchObject({ line: 2 });
  });

  it('keeps Express’s bare 404 for a wrong method and adds which methods the path has', async () => {
    const { sessionId } = await newSession(gudang.url, '03-reading-the-database');
    const res = await call(gudang.url, 'DELETE', `/sandbox/${sessionId}/api/products/2`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Cannot DELETE /api/products/2');
    const error = errorStep(await latestTrace(sessionId))!;
    expect(error).toMatchObject({ node: 'express', data: { code: 'wrong_method', params: { method: 'DELETE', path: '/api/products/2', allowed: ['GET'] } } });
    const unknownPath = await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/nothing-here`);
    expect(unknownPath.status).toBe(404);
    expect(errorStep(await latestTrace(sessionId))).toBeUndefined();
  });

  it('makes the client wait for the simulated payment gateway, as the trace shows it', async () => {
    const { sessionId } = await newSession(gudang.url, '10-outside-services');
    const started = performance.now();
    const res = await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/orders/1/pay`, { card: '4242424242424242' });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    const trace = await latestTrace(sessionId);
    expect(trace.steps.find((s) => s.kind === 'external')).toMatchObject({ durationMs: 900 });
    expect(trace.durationMs).toBeGreaterThanOrEqual(900);
    expect(trace.durationMs).toBeLessThan(elapsed + 50);
  });
});

describe('resetting only the data', () => {
  it('puts the sample data back and keeps the learner’s code', async () => {
    const code =
      "app.post('/api/products', (req, res) => {\n  db.run('DELETE FROM products');\n  res.json({ gone: true });\n});\napp.get('/api/count', (req, res) => res.json(db.get('SELECT count(*) AS n FROM products')));";
    const sessionId = await sessionWith('03-reading-the-database', code);
    const before = (await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/count`)).json.n;
    expect(before).toBeGreaterThan(0);
    await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, {});
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/count`)).json.n).toBe(0);
    const reset = await call(gudang.url, 'POST', `/api/sessions/${sessionId}/reset-data`);
    expect(reset.status).toBe(200);
    expect(reset.json.code).toBe(code);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/count`)).json.n).toBe(before);
    expect((await call(gudang.url, 'GET', `/api/sessions/${sessionId}`)).json.code).toBe(code);
  });

  it('answers 404 for an unknown session', async () => {
    expect((await call(gudang.url, 'POST', '/api/sessions/AAAAAAAAAAAAAAAAAAAAAA/reset-data')).status).toBe(404);
  });
});

describe('the database panel’s snapshot', () => {
  it('shows the index lesson 11 talks about', async () => {
    const { sessionId } = await newSession(gudang.url, '11-lots-of-data');
    const snapshot = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/database`)).json;
    const indexes = snapshot.tables.flatMap((t: { indexes: { sql: string }[] }) => t.indexes.map((i) => i.sql));
    expect(indexes.join('\n')).toMatch(/CREATE INDEX .* ON watch_history/);
  });
});
