import { describe, expect, it } from 'vitest';
import type { Step } from '../../server/contract/trace.js';
import { stepEdges } from '../../web/src/flow/flow-graph.js';
import { groupSteps, moveStep, rowIndexOf, sameQueryCount } from '../../web/src/flow/stepper-logic.js';

const query = (seq: number, sql: string): Step => ({
  seq,
  kind: 'query',
  node: 'database',
  startMs: seq,
  durationMs: 0.1,
  data: { sql, params: [], method: 'query', columns: [], rows: [], rowCount: 0, rowsAffected: 0 },
});
const receive: Step = {
  seq: 0,
  kind: 'receive',
  node: 'express',
  startMs: 0,
  durationMs: 0,
  data: { method: 'GET', url: '/', path: '/', query: {}, headers: {}, rawBody: null, rawBodyTruncated: false },
};
const process: Step = { seq: 1, kind: 'process', node: 'handler', startMs: 1, durationMs: 0, data: { method: 'GET', pattern: '/', params: {} } };
const respond: Step = { seq: 9, kind: 'respond', node: 'response', startMs: 9, durationMs: 0, data: { status: 200, headers: {}, contentType: null, body: '', bodyTruncated: false, size: 0 } };

describe('stepping', () => {
  const steps = [receive, process, query(2, 'SELECT a'), query(3, 'SELECT b'), query(4, 'SELECT b'), query(5, 'SELECT b'), respond];

  it('groups repeated identical queries (N+1) with a count', () => {
    const rows = groupSteps(steps);
    expect(rows.map((r) => [r.first, r.count])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 3],
      [6, 1],
    ]);
    expect(rowIndexOf(rows, 4)).toBe(3);
    expect(rowIndexOf(rows, 6)).toBe(4);
    expect(sameQueryCount(steps, steps[3]!)).toBe(3);
  });

  it('moves within bounds', () => {
    expect(moveStep(0, 7, 'previous')).toBe(0);
    expect(moveStep(6, 7, 'next')).toBe(6);
    expect(moveStep(3, 7, 'last')).toBe(6);
    expect(moveStep(3, 7, 'first')).toBe(0);
    expect(moveStep(0, 0, 'next')).toBe(0);
  });

  it('sends queries out from the handler and the response back from it', () => {
    expect(stepEdges([receive, process, query(2, 'x'), respond])).toEqual(['client->express', 'express->handler', 'handler->database', 'handler->response']);
  });
});
