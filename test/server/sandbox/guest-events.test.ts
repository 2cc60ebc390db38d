import { describe, expect, it } from 'vitest';
import { guestEventFits, guestResponse } from '../../../server/sandbox/guest-events.js';
import { type SandboxEvent, sandboxEventSchema, sandboxResponseSchema } from '../../../server/sandbox/sandbox-types.js';

const t = 1_700_000_000_000.25;
const handler = { kind: 'handler', method: 'GET', pattern: '/api/products/:id', params: { id: '1', rest: ['a', 'b'] } };
const middleware = { kind: 'middleware', index: 0, name: 'jsonParser', pattern: '/' };
const query = { type: 'query', t, durationMs: 0.1, method: 'query', sql: 'SELECT 1', params: [1], columns: ['1'], rows: [{ 1: 1 }], rowCount: 1, rowsAffected: 0 };

/** Events as the host builds them from a guest payload, good and sabotaged. */
const events: unknown[] = [
  { type: 'enter', id: 1, t, at: [3, 5], layer: handler },
  { type: 'enter', id: 2, t, at: null, layer: middleware },
  { type: 'enter', id: 3, t, layer: middleware },
  { type: 'enter', id: 1.5, t, at: [3, 5], layer: handler },
  { type: 'enter', id: 1, t, at: [3], layer: handler },
  { type: 'enter', id: 1, t, at: ['3', 5], layer: handler },
  { type: 'enter', id: 1, t, at: [3, 5], layer: { ...handler, params: { id: 1 } } },
  { type: 'enter', id: 1, t, at: [3, 5], layer: { ...handler, params: [] } },
  { type: 'enter', id: 1, t, at: [3, 5], layer: { ...middleware, index: '0' } },
  { type: 'enter', id: 1, t, at: [3, 5], layer: { kind: 'router' } },
  { type: 'enter', id: 1, t, at: [3, 5], layer: null },
  { type: 'enter', id: 2 ** 60, t, at: [3, 5], layer: handler },
  { type: 'leave', id: 1, t, calledNext: false },
  { type: 'leave', id: 1, t, calledNext: 'yes' },
  { type: 'leave', id: null, t, calledNext: true },
  { ...query, at: [1, 2] },
  { ...query, sql: 42 },
  { ...query, at: { line: 1 } },
];

/** Responses as the guest sends them. */
const responses: Record<string, unknown>[] = [
  { status: 200, headers: [['Content-Type', 'application/json']], body: '{}', send: { etag: 'weak' } },
  { status: 201, headers: [['Set-Cookie', ['a=1', 'b=2']]], body: '', base64: false, streamed: true, send: { etag: false }, extra: 'dropped' },
  { status: 200.5, headers: [], body: '' },
  { status: 200, headers: [['X', 1]], body: '' },
  { status: 200, headers: [['X']], body: '' },
  { status: 200, headers: {}, body: '' },
  { status: 200, headers: [], body: null },
  { status: 200, headers: [], body: '', send: { etag: 'yes' } },
  { status: 200, headers: [], body: '', base64: 'no' },
];

describe('the hand-written checks of what the guest sends', () => {
  it('accept and refuse exactly what the event schema does', () => {
    for (const event of events) expect([event, guestEventFits(event as SandboxEvent)]).toEqual([event, sandboxEventSchema.safeParse(event).success]);
  });

  it('leave other events to the schema', () => {
    expect(guestEventFits({ type: 'log', t, message: 'hi' })).toBeNull();
  });

  it('read a response as the schema would, unknown fields dropped', () => {
    for (const response of responses) {
      const parsed = sandboxResponseSchema.safeParse(response);
      expect([response, guestResponse(response)]).toEqual([response, parsed.success ? parsed.data : null]);
    }
  });
});
