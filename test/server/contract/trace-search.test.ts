import { describe, expect, it } from 'vitest';
import type { Step, Trace } from '../../../server/contract/trace.js';
import { matchingSteps, statusMatches, traceMatches, traceSearchSchema } from '../../../server/contract/trace-search.js';

const base = { node: 'handler', startMs: 0, durationMs: 0 } as const;
const steps: Step[] = [
  {
    ...base,
    seq: 0,
    node: 'express',
    kind: 'receive',
    data: { method: 'POST', url: '/api/orders?coupon=HEMAT', path: '/api/orders', query: { coupon: 'HEMAT' }, headers: {}, rawBody: null, rawBodyTruncated: false },
  },
  { ...base, seq: 1, kind: 'process', data: { method: 'POST', pattern: '/api/orders', params: {} } },
  { ...base, seq: 2, node: 'database', kind: 'query', data: { sql: 'SELECT stock\n  FROM products WHERE id = ?', params: [7], method: 'query', columns: [], rows: [], rowCount: 0, rowsAffected: 0 } },
  {
    ...base,
    seq: 3,
    node: 'database',
    kind: 'query',
    data: { sql: 'INSERT INTO orders (product_id, qty) VALUES (?, ?)', params: { product: 7, qty: 2 }, method: 'run', columns: [], rows: [], rowCount: 0, rowsAffected: 1 },
  },
  { ...base, seq: 4, node: 'response', kind: 'respond', data: { status: 409, headers: {}, contentType: null, body: '', bodyTruncated: false, size: 0 } },
];
const trace: Trace = { id: 't', sessionId: 's', startedAt: '2026-01-01T00:00:00Z', method: 'POST', url: '/api/orders?coupon=HEMAT', status: 409, durationMs: 1, origin: 'learner', steps };
const search = (q: string, field?: string) => traceSearchSchema.parse({ q, in: field });

describe('finding steps', () => {
  it('finds SQL by its text, ignoring case and line breaks', () => {
    expect(matchingSteps(steps, search('select STOCK from', 'sql'))).toEqual([2]);
    expect(matchingSteps(steps, search('orders', 'sql'))).toEqual([3]);
  });

  it('finds the received path and the route, and parameter values in SQL, route and query string', () => {
    expect(matchingSteps(steps, search('/api/orders', 'path'))).toEqual([0, 1]);
    expect(matchingSteps(steps, search('7', 'param'))).toEqual([2, 3]);
    expect(matchingSteps(steps, search('hemat', 'param'))).toEqual([0]);
  });

  it('finds the status by number, by class, and by its first digits when only the status is searched', () => {
    expect(matchingSteps(steps, search('409', 'status'))).toEqual([4]);
    expect(matchingSteps(steps, search('4xx', 'status'))).toEqual([4]);
    expect(matchingSteps(steps, search('4', 'status'))).toEqual([4]);
    expect(matchingSteps(steps, search('5xx', 'status'))).toEqual([]);
    expect(statusMatches(409, '4', false)).toBe(false);
    expect(statusMatches(409, 'abc', true)).toBe(false);
  });

  it('looks everywhere by default', () => {
    expect(matchingSteps(steps, search('orders'))).toEqual([0, 1, 3]);
    expect(matchingSteps(steps, search('409'))).toEqual([4]);
    expect(matchingSteps(steps, search('no such thing'))).toEqual([]);
  });

  it('matches a trace by a step, or by its URL or status when it has no steps (a start-up)', () => {
    expect(traceMatches(trace, search('insert', 'sql'))).toBe(true);
    expect(traceMatches(trace, search('delete', 'sql'))).toBe(false);
    const startup: Trace = { ...trace, url: '(start-up)', status: 200, steps: [] };
    expect(traceMatches(startup, search('start-up', 'path'))).toBe(true);
    expect(traceMatches(startup, search('2xx'))).toBe(true);
  });

  it('refuses an empty, overlong or unknown search', () => {
    expect(traceSearchSchema.safeParse({ q: '  ' }).success).toBe(false);
    expect(traceSearchSchema.safeParse({ q: 'x'.repeat(201) }).success).toBe(false);
    expect(traceSearchSchema.safeParse({ q: 'x', in: 'body' }).success).toBe(false);
    expect(traceSearchSchema.safeParse({ q: 'x', page: 2 }).success).toBe(false);
    expect(traceSearchSchema.parse({ q: ' x ' })).toEqual({ q: 'x', in: 'any' });
  });
});
