import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReportSchema, solutionSchema } from '../../../server/contract/checks.js';
import type { Trace } from '../../../server/contract/trace.js';
import { traceSchema } from '../../../server/contract/trace.js';
import type { Gudang } from '../../../server/gudang.js';
import { call, COURSE_LESSONS, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ lessonsDir: COURSE_LESSONS });
});
afterAll(() => gudang.close());

async function runChecks(sessionId: string) {
  const res = await call(gudang.url, 'POST', `/api/sessions/${sessionId}/checks`);
  expect(res.status).toBe(200);
  return checkReportSchema.parse(res.json);
}

async function useSolution(sessionId: string) {
  const solution = solutionSchema.parse((await call(gudang.url, 'GET', `/api/sessions/${sessionId}/solution`)).json);
  expect((await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: solution.code })).status).toBe(200);
  return solution;
}

describe('POST /api/sessions/:id/checks', () => {
  it.each([
    ['02-routes-and-logic', 'computes-total', 'POST /api/quote: body.total: expected 195000, got 110000', 'POST /api/quote: body.total: seharusnya 195000, tetapi 110000'],
    ['04-writing-the-database', 'out-of-stock', 'POST /api/orders: expected status 409, got 201', 'POST /api/orders: seharusnya status 409, tetapi 201'],
    ['07-access-control', 'others-order-403', 'GET /api/orders/3: expected status 403, got 200', 'GET /api/orders/3: seharusnya status 403, tetapi 200'],
  ])('%s: the starter fails with a message in both languages, the solution passes every check', async (lessonId, failingId, en, id) => {
    const { sessionId } = await newSession(gudang.url, lessonId);
    const starter = await runChecks(sessionId);
    expect(starter.passed).toBeLessThan(starter.total);
    const failing = starter.results.find((r) => r.id === failingId)!;
    expect(failing.passed).toBe(false);
    expect(failing.message!.en.endsWith(en)).toBe(true);
    expect(failing.message!.id.endsWith(id)).toBe(true);

    await useSolution(sessionId);
    const solved = await runChecks(sessionId);
    expect(solved.passed).toBe(solved.total);
    expect(solved.results.every((r) => r.passed && r.message === undefined && typeof r.traceId === 'string')).toBe(true);
  });

  it('adds each check request to the session as a trace with origin "check", pushed to subscribers', async () => {
    const { sessionId } = await newSession(gudang.url, '06-authentication');
    const pushed: Trace[] = [];
    const stop = gudang.sessions.subscribe(sessionId, (trace) => pushed.push(trace));
    const report = await runChecks(sessionId);
    stop();
    expect(pushed.length).toBeGreaterThanOrEqual(report.total);
    expect(pushed.every((t) => t.origin === 'check' && t.sessionId === sessionId)).toBe(true);

    const failed = report.results.find((r) => r.id === 'no-token-401')!;
    const trace = traceSchema.parse((await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${failed.traceId}`)).json);
    expect(trace).toMatchObject({ origin: 'check', method: 'GET', url: '/api/me', status: 200 });
    expect(trace.steps.map((s) => s.kind)).toContain('middleware');
  });

  it("leaves the learner's own database untouched", async () => {
    const { sessionId, sandboxUrl } = await newSession(gudang.url, '04-writing-the-database');
    await useSolution(sessionId);
    const ordered = await call(sandboxUrl, 'POST', '/api/orders', { productId: 1, quantity: 5 });
    expect(ordered.status).toBe(201);
    const before = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/database`)).json;

    const report = await runChecks(sessionId);
    expect(report.passed).toBe(report.total);

    const after = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/database`)).json;
    expect(after).toEqual(before);
    const products = after.tables.find((t: { name: string }) => t.name === 'products');
    expect(products.rows[0]).toMatchObject({ id: 1, stock: 7 });
    expect(after.tables.find((t: { name: string }) => t.name === 'orders').rowCount).toBe(1);
  });

  it('answers 404 for a session that does not exist', async () => {
    const res = await call(gudang.url, 'POST', '/api/sessions/AAAAAAAAAAAAAAAAAAAAAA/checks');
    expect(res.status).toBe(404);
    expect(res.json.error).toMatch(/no such session/);
  });
});

describe('GET /api/sessions/:id/solution', () => {
  it("answers the lesson's solution code without changing the learner's code", async () => {
    const { sessionId, code } = await newSession(gudang.url, '09-sql-injection');
    const solution = solutionSchema.parse((await call(gudang.url, 'GET', `/api/sessions/${sessionId}/solution`)).json);
    expect(solution.code).toBe(await readFile(join(COURSE_LESSONS, '09-sql-injection', 'solution.ts'), 'utf8'));
    expect((await call(gudang.url, 'GET', `/api/sessions/${sessionId}`)).json.code).toBe(code);
  });
});

describe('query plans', () => {
  it('are in the query steps of a lesson with queryPlan: true, and absent elsewhere', async () => {
    const history = await newSession(gudang.url, '11-lots-of-data');
    await call(history.sandboxUrl, 'GET', '/api/users/1/history');
    const [summary] = (await call(gudang.url, 'GET', `/api/sessions/${history.sessionId}/traces`)).json.traces;
    const trace = traceSchema.parse((await call(gudang.url, 'GET', `/api/sessions/${history.sessionId}/traces/${summary.id}`)).json);
    const query = trace.steps.find((s) => s.kind === 'query');
    expect(query?.kind === 'query' && query.data.plan).toEqual(['SCAN watch_history']);

    const products = await newSession(gudang.url, '03-reading-the-database');
    await call(products.sandboxUrl, 'GET', '/api/products');
    const [other] = (await call(gudang.url, 'GET', `/api/sessions/${products.sessionId}/traces`)).json.traces;
    const plain = traceSchema.parse((await call(gudang.url, 'GET', `/api/sessions/${products.sessionId}/traces/${other.id}`)).json);
    expect(plain.steps.find((s) => s.kind === 'query')).not.toHaveProperty('data.plan');
  });
});
