import { describe, expect, it } from 'vitest';
import { traceSchema, type Step, type Trace } from '../../../server/contract/trace.js';
import { fitTrace } from '../../../server/trace/fit-trace.js';

const base = { id: 't', sessionId: 's', startedAt: new Date(0).toISOString(), method: 'GET', url: '/', status: 200, durationMs: 1, origin: 'learner' as const };
const respond: Step = { seq: 0, kind: 'respond', node: 'response', startMs: 1, durationMs: 0, data: { status: 200, headers: {}, contentType: null, body: 'ok', bodyTruncated: false, size: 2 } };
const log = (i: number, message: string): Step => ({ seq: i, kind: 'log', node: 'handler', startMs: 0, durationMs: 0, data: { message } });
const trace = (steps: Step[]): Trace => ({ ...base, steps: [...steps, { ...respond, seq: steps.length }] });

describe('fitTrace', () => {
  it('leaves a trace that fits as it is', () => {
    const small = trace([log(0, 'hello')]);
    expect(fitTrace(small, 10_000)).toEqual({ trace: small, json: JSON.stringify(small) });
  });

  it('cuts step data shorter until the trace fits, keeping every step and the schema', () => {
    const big = trace(Array.from({ length: 20 }, (_, i) => log(i, 'm'.repeat(50_000))));
    const { trace: fitted, json } = fitTrace(big, 64 * 1024);
    expect(json.length).toBeLessThanOrEqual(64 * 1024);
    expect(fitted.steps).toHaveLength(21);
    expect(traceSchema.safeParse(JSON.parse(json)).success).toBe(true);
    expect((fitted.steps[0] as Extract<Step, { kind: 'log' }>).data.message).toMatch(/^m+… 4\d KB more$/);
  });

  it('says a write’s changed rows were cut when the trace had to drop some', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ op: 'insert' as const, table: 't', rowid: i, after: { body: 'b'.repeat(2000) } }));
    const write: Step = {
      seq: 0,
      kind: 'query',
      node: 'database',
      startMs: 0,
      durationMs: 0,
      data: { sql: 'INSERT', params: [], method: 'run', columns: [], rows: [], rowCount: 0, rowsAffected: 50, changes: { rows, cut: false } },
    };
    const { trace: fitted, json } = fitTrace(trace([write]), 16 * 1024);
    const changes = (fitted.steps[0] as Extract<Step, { kind: 'query' }>).data.changes!;
    expect(changes.rows.length).toBeLessThan(50);
    expect(changes.cut).toBe(true);
    expect(traceSchema.safeParse(JSON.parse(json)).success).toBe(true);
  });

  it('keeps the first steps and the response when there are too many, saying how many were left out', () => {
    const many = trace(Array.from({ length: 5000 }, (_, i) => log(i, `line ${i}`)));
    const { trace: fitted, json } = fitTrace(many, 32 * 1024);
    expect(json.length).toBeLessThanOrEqual(32 * 1024);
    expect(fitted.steps.at(-1)!.kind).toBe('respond');
    expect(fitted.steps.map((s) => s.seq)).toEqual(fitted.steps.map((_, i) => i));
    const notice = fitted.steps.at(-2) as Extract<Step, { kind: 'log' }>;
    expect(notice.data).toMatchObject({ level: 'warning', message: expect.stringMatching(/kept the first \d+ of 5001 steps: \d+ more did not fit in a trace of 32 KB/) });
    expect(traceSchema.safeParse(JSON.parse(json)).success).toBe(true);
  });
});
