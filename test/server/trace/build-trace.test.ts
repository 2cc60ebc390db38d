import { describe, expect, it } from 'vitest';
import { traceSchema } from '../../../server/contract/trace.js';
import type { SandboxEvent } from '../../../server/sandbox/sandbox-types.js';
import { buildTrace, type TraceInput } from '../../../server/trace/build-trace.js';

const T0 = 1_000_000;
const receive = { method: 'POST', url: '/api/orders', path: '/api/orders', query: {}, headers: {}, rawBody: '{}', rawBodyTruncated: false, body: {} };
const response = { status: 201, headers: {}, contentType: 'application/json; charset=utf-8', body: '{}', bodyTruncated: false, size: 2 };

function input(events: SandboxEvent[], overrides: Partial<TraceInput> = {}): TraceInput {
  return {
    id: 'trace-1',
    sessionId: 'session-1',
    receivedAt: T0,
    dispatchedAt: T0 + 1,
    receive,
    events,
    response,
    respondedAt: T0 + 20,
    lineOf: (p) => (p ? p[0] + 100 : undefined),
    ...overrides,
  };
}

describe('buildTrace', () => {
  it('orders steps by time and measures middleware and handler from enter to leave', () => {
    const trace = buildTrace(
      input([
        { type: 'enter', id: 1, t: T0 + 2, at: [1, 1], layer: { kind: 'middleware', index: 0, name: 'requireUser', pattern: '/' } },
        { type: 'query', t: T0 + 3, at: [2, 5], durationMs: 1.5, method: 'query', sql: 'SELECT 1', params: [], columns: ['1'], rows: [{ 1: 1 }], rowCount: 1, rowsAffected: 0 },
        { type: 'leave', id: 1, t: T0 + 5, calledNext: true },
        { type: 'enter', id: 2, t: T0 + 6, at: [4, 1], layer: { kind: 'handler', method: 'POST', pattern: '/api/orders', params: {} } },
        { type: 'log', t: T0 + 7, at: [5, 3], message: 'hello' },
        { type: 'respond', t: T0 + 9, status: 201, headers: [], body: '{}' },
        { type: 'leave', id: 2, t: T0 + 10, calledNext: false },
      ]),
    );
    expect(traceSchema.parse(trace)).toEqual(trace);
    expect(trace.steps.map((s) => [s.seq, s.kind, s.node, s.startMs, s.durationMs, s.line])).toEqual([
      [0, 'receive', 'express', 0, 1, undefined],
      [1, 'middleware', 'middleware:0', 2, 3, 101],
      [2, 'query', 'database', 3, 1.5, 102],
      [3, 'process', 'handler', 6, 4, 104],
      [4, 'log', 'handler', 7, 0, 105],
      [5, 'respond', 'response', 20, 0, undefined],
    ]);
    expect(trace.steps[1]).toMatchObject({ data: { name: 'requireUser', calledNext: true, pattern: undefined } });
    expect(trace).toMatchObject({ status: 201, durationMs: 20, method: 'POST', url: '/api/orders', origin: 'learner', startedAt: new Date(T0).toISOString() });
  });

  it('shifts later steps by a simulated service’s latency', () => {
    const trace = buildTrace(
      input([
        { type: 'external', t: T0 + 2, at: [3, 1], durationMs: 300, service: 'payment', operation: 'charge', request: { amount: 1 }, response: { status: 'paid' }, ok: true },
        { type: 'query', t: T0 + 3, durationMs: 1, method: 'run', sql: 'INSERT', params: [], columns: [], rows: [], rowCount: 0, rowsAffected: 1 },
      ]),
    );
    const [external, query, respond] = trace.steps.slice(1);
    expect(external).toMatchObject({ node: 'service:payment', startMs: 2, durationMs: 300, data: { latencyMs: 300, ok: true } });
    expect(query!.startMs).toBe(303);
    expect(respond!.startMs).toBe(320);
  });

  it('keeps the rows a write changed on its query step, within the trace’s schema', () => {
    const changes = { rows: [{ op: 'update' as const, table: 'products', rowid: 1, before: { stock: 5 }, after: { stock: 4 } }], cut: false };
    const trace = buildTrace(
      input([{ type: 'query', t: T0 + 3, durationMs: 1, method: 'run', sql: 'UPDATE products SET stock = stock - 1', params: [], columns: [], rows: [], rowCount: 0, rowsAffected: 1, changes }]),
    );
    const query = trace.steps.find((s) => s.kind === 'query');
    expect(query).toMatchObject({ data: { changes } });
    expect(traceSchema.parse(trace).steps[1]).toMatchObject({ data: { changes } });
  });

  it('keeps a middleware that never called next as the last place the request reached', () => {
    const trace = buildTrace(
      input([
        { type: 'enter', id: 1, t: T0 + 2, layer: { kind: 'middleware', index: 3, name: 'auth', pattern: '/api' } },
        { type: 'respond', t: T0 + 4, status: 401, headers: [], body: '' },
      ]),
    );
    expect(trace.steps.map((s) => s.node)).toEqual(['express', 'middleware:3', 'response']);
    expect(trace.steps[1]).toMatchObject({ durationMs: 18, data: { calledNext: false, pattern: '/api' } });
  });

  it('maps an error’s frames to the learner’s lines, and places it at the layer it happened in', () => {
    const trace = buildTrace(
      input([
        { type: 'enter', id: 1, t: T0 + 2, layer: { kind: 'handler', method: 'GET', pattern: '/', params: {} } },
        {
          type: 'error',
          t: T0 + 3,
          failure: { code: 'runtime_error', params: { detail: 'TypeError: x' } },
          frames: [
            { fn: 'total', line: 7, column: 2 },
            { fn: '<anonymous>', line: 9, column: 1 },
          ],
        },
      ]),
    );
    expect(trace.steps[2]).toMatchObject({
      kind: 'error',
      node: 'handler',
      line: 107,
      data: {
        code: 'runtime_error',
        params: { detail: 'TypeError: x' },
        message: 'Your code stopped with an error: TypeError: x',
        stack: [
          { fn: 'total', line: 107 },
          { fn: null, line: 109 },
        ],
      },
    });
  });

  it('records a request rejected before the learner’s code ran', () => {
    const trace = buildTrace(input([], { dispatchedAt: null, rejection: { code: 'body_invalid_json', params: { detail: 'Unexpected token' } } }));
    expect(trace.steps.map((s) => s.kind)).toEqual(['receive', 'error', 'respond']);
    expect(trace.steps[1]).toMatchObject({ data: { code: 'body_invalid_json', message: 'The request body is not valid JSON: Unexpected token' } });
    expect(trace.steps[0]!.durationMs).toBe(20);
  });
});
