import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solutionComparisonSchema, type Step } from '../../../server/contract/trace.js';
import type { Gudang } from '../../../server/gudang.js';
import { call, COURSE_LESSONS, newestTrace, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

/** Issue 13, item 2: a learner's request sent again to the lesson's solution, on a copy of their data. */

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ lessonsDir: COURSE_LESSONS, workers: 1 });
});
afterAll(() => gudang.close());

const LESSON = '04-writing-the-database';
const order = (sessionId: string, productId: number, quantity: number) => call(gudang.url, 'POST', `/sandbox/${sessionId}/api/orders`, { productId, quantity });
const compare = (sessionId: string, traceId: string) => call(gudang.url, 'POST', `/api/sessions/${sessionId}/traces/${traceId}/compare-with-solution`);
const sqlOf = (steps: Step[]) => steps.flatMap((s) => (s.kind === 'query' ? [s.data.sql.split(' ')[0]] : []));
const stateOf = async (sessionId: string) => ({
  database: (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/database`)).json,
  code: (await call(gudang.url, 'GET', `/api/sessions/${sessionId}`)).json.code,
  traces: (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces.map((t: { id: string }) => t.id),
});

describe('POST /api/sessions/:id/traces/:traceId/compare-with-solution', () => {
  it('runs the starter’s sold-out order on the solution: 409 with BEGIN and ROLLBACK, where the starter saved the order', async () => {
    const { sessionId } = await newSession(gudang.url, LESSON);
    expect((await order(sessionId, 4, 1)).status).toBe(201);
    const { summary } = await newestTrace(gudang.url, sessionId);
    const before = await stateOf(sessionId);

    const res = await compare(sessionId, summary.id);
    expect(res.status).toBe(200);
    const { learner, solution } = solutionComparisonSchema.parse(res.json);
    expect(learner).toMatchObject({ id: summary.id, origin: 'learner', status: 201 });
    expect(sqlOf(learner.steps)).toEqual(['SELECT', 'INSERT']);
    expect(solution).toMatchObject({ origin: 'solution', sessionId, method: 'POST', url: '/api/orders', status: 409 });
    expect(sqlOf(solution.steps)).toEqual(['BEGIN', 'SELECT', 'ROLLBACK']);
    expect(solution.id).not.toBe(learner.id);
    const respond = solution.steps.at(-1);
    expect(respond?.kind === 'respond' && JSON.parse(respond.data.body)).toEqual({ error: 'only 0 left in stock' });

    // Nothing of the learner's changed: data, code, and the traces listed (the solution's run is not one of them).
    expect(await stateOf(sessionId)).toEqual(before);
  });

  it('gives the solution the learner’s data as it is now, not the lesson’s sample data', async () => {
    const { sessionId } = await newSession(gudang.url, LESSON);
    const solutionCode = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/solution`)).json.code as string;
    expect((await call(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: solutionCode })).status).toBe(200);
    // Batik starts with 3; this order leaves 1.
    expect((await order(sessionId, 3, 2)).status).toBe(201);
    const { summary } = await newestTrace(gudang.url, sessionId);
    const before = await stateOf(sessionId);

    const { solution } = solutionComparisonSchema.parse((await compare(sessionId, summary.id)).json);
    expect(solution.status).toBe(409);
    const respond = solution.steps.at(-1);
    expect(respond?.kind === 'respond' && JSON.parse(respond.data.body)).toEqual({ error: 'only 1 left in stock' });
    expect(await stateOf(sessionId)).toEqual(before);
  });

  it('answers 404 for an id that is not a session or a trace, and 409 for a check’s trace', async () => {
    const { sessionId } = await newSession(gudang.url, LESSON);
    expect((await compare('not-a-session', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const malformed = await compare(sessionId, 'nope');
    expect(malformed.status).toBe(404);
    expect(malformed.json.error).toMatch(/not a trace id/);
    const unknown = await compare(sessionId, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toMatch(/no such trace/);

    expect((await call(gudang.url, 'POST', `/api/sessions/${sessionId}/checks`)).status).toBe(200);
    const { summary } = await newestTrace(gudang.url, sessionId);
    expect(summary.origin).toBe('check');
    const fromCheck = await compare(sessionId, summary.id);
    expect(fromCheck.status).toBe(409);
    expect(fromCheck.json.error).toMatch(/only a request you sent/);
  });
});
