import { describe, expect, it } from 'vitest';
import { serverTiming } from '../../../server/trace/server-timing.js';

const T0 = 1_000_000;
const query = (t: number, durationMs: number) => ({
  type: 'query' as const,
  t,
  durationMs,
  method: 'query' as const,
  sql: 'SELECT 1',
  params: [],
  columns: [],
  rows: [],
  rowCount: 0,
  rowsAffected: 0,
});

describe('serverTiming', () => {
  it('lists receive, the handler with its route, the summed queries and services, and the total', () => {
    const value = serverTiming({
      receivedAt: T0,
      dispatchedAt: T0 + 0.12,
      answeredAt: T0 + 2.42,
      writingAt: T0 + 302.5,
      events: [
        { type: 'enter', id: 1, t: T0 + 0.2, layer: { kind: 'handler', method: 'GET', pattern: '/api/products', params: {} } },
        query(T0 + 1, 0.25),
        query(T0 + 2, 0.2),
        { type: 'external', t: T0 + 2.1, durationMs: 300, service: 'payment', operation: 'charge', request: {}, response: {}, ok: true },
      ],
    });
    expect(value).toBe('receive;dur=0.1, handler;dur=2.3;desc="GET /api/products", db;dur=0.5;desc="2 queries", external;dur=300;desc="1 simulated call: payment", total;dur=302.5');
  });

  it('has only receive and total for a body refused before the code ran', () => {
    expect(serverTiming({ receivedAt: T0, dispatchedAt: null, answeredAt: null, writingAt: T0 + 1, events: [] })).toBe('receive;dur=1, total;dur=1');
  });

  it('keeps a desc a valid, short quoted-string whatever the route says', () => {
    const value = serverTiming({
      receivedAt: T0,
      dispatchedAt: T0,
      answeredAt: T0,
      writingAt: T0,
      events: [{ type: 'enter', id: 1, t: T0, layer: { kind: 'handler', method: 'GET', pattern: `/"q"\\ü${'x'.repeat(200)}`, params: {} } }],
    });
    const handler = value.split(', ')[1]!;
    expect(handler.startsWith('handler;dur=0;desc="GET /\\"q\\"\\\\?x')).toBe(true);
    expect(handler.length).toBeLessThan(110);
    expect(value).toMatch(/^[\x20-\x7e]+$/);
  });
});
