import type { Step, Trace } from '../../../server/contract/trace.js';

/** Steps and traces for the compare tests, small enough to read: lesson 4's order as the starter and the solution run it. */
export const receive = (body: unknown = { productId: 4, quantity: 1 }): Step => ({
  seq: 0,
  kind: 'receive',
  node: 'express',
  startMs: 0,
  durationMs: 0.1,
  data: { method: 'POST', url: '/api/orders', path: '/api/orders', query: {}, headers: {}, rawBody: JSON.stringify(body), rawBodyTruncated: false, body },
});
export const handler: Step = { seq: 0, kind: 'process', node: 'handler', startMs: 0.1, durationMs: 0.2, data: { method: 'POST', pattern: '/api/orders', params: {} } };
export const query = (sql: string, params: unknown = [], rowCount = 0, durationMs = 0.1): Step => ({
  seq: 0,
  kind: 'query',
  node: 'database',
  startMs: 0.2,
  durationMs,
  data: { sql, params, method: /^\s*SELECT/i.test(sql) ? 'query' : 'run', columns: [], rows: Array.from({ length: rowCount }, (_, id) => ({ id })), rowCount, rowsAffected: 0 },
});
export const respond = (status: number, body: unknown): Step => ({
  seq: 0,
  kind: 'respond',
  node: 'response',
  startMs: 1,
  durationMs: 0.1,
  data: { status, headers: {}, contentType: 'application/json; charset=utf-8', body: typeof body === 'string' ? body : JSON.stringify(body), bodyTruncated: false, size: 10 },
});

export const trace = (origin: Trace['origin'], status: number, steps: Step[], durationMs = 1.2): Trace => ({
  id: `${origin}-${status}`,
  sessionId: 's',
  startedAt: '2026-12-02T08:00:00.000Z',
  method: 'POST',
  url: '/api/orders',
  status,
  durationMs,
  origin,
  steps: steps.map((step, seq) => ({ ...step, seq })),
});

export const SELECT = 'SELECT id, price, stock FROM products WHERE id = ?';
export const INSERT = 'INSERT INTO orders (product_id, quantity, total) VALUES (?, ?, ?)';

/** The starter sells the sold-out sambal; the solution refuses it inside a transaction it rolls back. */
export const starterRun = trace('learner', 201, [receive(), handler, query(SELECT, [4], 1), query(INSERT, [4, 1, 25000]), respond(201, { id: 3, productId: 4, quantity: 1, total: 25000 })]);
export const solutionRun = trace('solution', 409, [receive(), handler, query('BEGIN'), query(SELECT, [4], 1), query('ROLLBACK'), respond(409, { error: 'only 0 left in stock' })]);
