import { describe, expect, it } from 'vitest';
import type { Step } from '../../../server/contract/trace.js';
import { compareBodies, compareTraces, stepFields, timingDiffers } from '../../../web/src/compare/compare-traces.js';
import { query, receive, respond, SELECT, solutionRun, starterRun, trace } from './compare-fixtures.js';

describe('comparing two runs', () => {
  it('marks the starter’s order against the solution’s: status, the stages only one reached, the body', () => {
    const compared = compareTraces(starterRun, solutionRun);
    expect(compared.status).toEqual({ left: 201, right: 409, same: false });
    expect(compared.queries).toEqual({ left: 2, right: 3, same: false });
    expect(compared.pairs.map((p) => p.verdict)).toEqual(['same', 'same', 'only-right', 'same', 'only-left', 'only-right', 'differs']);
    expect(compared.pairs.at(-1)!.fields).toEqual(['status', 'body']);
    expect(compared.body.json).toBe(true);
    expect(compared.body.changes.map((c) => `${c.op} ${c.path}`)).toEqual(['removed id', 'removed productId', 'removed quantity', 'removed total', 'added error']);
    // 4 lines (BEGIN, INSERT, ROLLBACK, respond) + status, query count and body.
    expect(compared.differences).toBe(7);
  });

  it('finds a run the same as itself', () => {
    const compared = compareTraces(starterRun, starterRun);
    expect(compared.pairs.every((p) => p.verdict === 'same' && p.fields.length === 0)).toBe(true);
    expect(compared.differences).toBe(0);
    expect(compared.body.same).toBe(true);
  });

  it('tells a query’s parameters and rows returned apart, and the request that was sent', () => {
    expect(stepFields(query(SELECT, [1], 1), query(SELECT, [2], 0))).toEqual(['params', 'rows']);
    expect(stepFields(query(SELECT, [1], 1), query(SELECT, [1], 1))).toEqual([]);
    expect(stepFields(receive({ productId: 1 }), receive({ productId: 2 }))).toEqual(['request']);
  });

  it('tells an outside call’s answer and its success apart', () => {
    const call = (ok: boolean, response: unknown): Step => ({
      seq: 0,
      kind: 'external',
      node: 'service:payment',
      startMs: 0,
      durationMs: 0.1,
      data: { service: 'payment', operation: 'charge', request: { amount: 1 }, response, ok, latencyMs: 120 },
    });
    expect(stepFields(call(true, { id: 'p1' }), call(false, { error: 'declined' }))).toEqual(['response', 'ok']);
    expect(stepFields(call(true, { id: 'p1' }), call(true, { id: 'p1' }))).toEqual([]);
  });

  it('counts timing only when one is twice the other and a millisecond apart, and never as a difference of its own', () => {
    expect(timingDiffers(0.2, 0.9)).toBe(false);
    expect(timingDiffers(1, 1.9)).toBe(false);
    expect(timingDiffers(1, 2.5)).toBe(true);
    const slow = compareTraces(trace('learner', 200, [query(SELECT, [], 0, 0.5)]), trace('learner', 200, [query(SELECT, [], 0, 5)], 9));
    expect(slow.pairs[0]).toMatchObject({ verdict: 'same', fields: ['timing'] });
    expect(slow.duration.same).toBe(false);
    expect(slow.differences).toBe(0);
  });

  it('compares bodies that are not JSON as text', () => {
    expect(compareBodies('<p>hi</p>', '<p>hi</p>')).toMatchObject({ json: false, same: true });
    expect(compareBodies('<p>hi</p>', '{"a":1}')).toMatchObject({ json: false, same: false, changes: [] });
    expect(compareTraces(trace('learner', 200, [respond(200, 'ok')]), trace('learner', 200, [respond(200, 'ok!')])).body.same).toBe(false);
  });
});
