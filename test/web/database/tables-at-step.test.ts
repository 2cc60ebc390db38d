import { describe, expect, it } from 'vitest';
import type { DatabaseSnapshot } from '../../../server/contract/api.js';
import type { RowChange, Step } from '../../../server/contract/trace.js';
import { tablesAtStep } from '../../../web/src/database/tables-at-step.js';
import { tablesFollow } from '../../../web/src/database/tables-follow.js';

const write = (seq: number, sql: string, rows: RowChange[]): Step => ({
  seq,
  kind: 'query',
  node: 'database',
  startMs: seq,
  durationMs: 0.1,
  data: { sql, params: [], method: 'run', columns: [], rows: [], rowCount: 0, rowsAffected: rows.length, changes: { rows, cut: false } },
});
const receive: Step = {
  seq: 0,
  kind: 'receive',
  node: 'express',
  startMs: 0,
  durationMs: 0,
  data: { method: 'POST', url: '/', path: '/', query: {}, headers: {}, rawBody: null, rawBodyTruncated: false },
};

// After the request: stock went 5 → 4, order 1 was added, order 0 (rowid 9) deleted.
const snapshot: DatabaseSnapshot = {
  tables: [
    { name: 'orders', columns: [{ name: 'id', type: 'INTEGER', primaryKey: true }], rows: [{ id: 1 }], rowids: [1], rowCount: 1, indexes: [] },
    { name: 'products', columns: [{ name: 'stock', type: 'INTEGER', primaryKey: false }], rows: [{ stock: 4 }], rowids: [3], rowCount: 1, indexes: [] },
  ],
};
const steps = [
  receive,
  write(1, 'UPDATE products', [{ op: 'update', table: 'products', rowid: 3, before: { stock: 5 }, after: { stock: 4 } }]),
  write(2, 'INSERT INTO orders', [{ op: 'insert', table: 'orders', rowid: 1, after: { id: 1 } }]),
  write(3, 'DELETE FROM orders', [{ op: 'delete', table: 'orders', rowid: 9, before: { id: 9 } }]),
];
const table = (at: number, name: string) => tablesAtStep(snapshot, steps, at).find((t) => t.name === name)!;

describe('the tables at a step', () => {
  it('takes back every later step, so the first step sees the tables before the request', () => {
    expect(table(0, 'products')).toMatchObject({ rows: [{ stock: 5 }], marks: [undefined] });
    expect(table(0, 'orders')).toMatchObject({ rows: [{ id: 9 }], rowCount: 1 });
  });

  it('marks the current step’s update with the cells it changed', () => {
    expect(table(1, 'products')).toMatchObject({ rows: [{ stock: 4 }], marks: [{ kind: 'updated', cells: ['stock'] }] });
    expect(table(1, 'orders').marks).toEqual([undefined]);
  });

  it('marks an inserted row, and keeps a deleted one in the list, marked', () => {
    expect(table(2, 'orders')).toMatchObject({ rows: [{ id: 1 }, { id: 9 }], rowCount: 2, marks: [{ kind: 'inserted' }, undefined] });
    expect(table(3, 'orders')).toMatchObject({ rows: [{ id: 1 }, { id: 9 }], rowCount: 1, marks: [undefined, { kind: 'deleted' }] });
  });
});

describe('a transaction rolled back', () => {
  // After the request nothing changed: the stock is 5 again and no order is left.
  const after: DatabaseSnapshot = {
    tables: [
      { ...snapshot.tables[0]!, rows: [], rowids: [], rowCount: 0 },
      { ...snapshot.tables[1]!, rows: [{ stock: 5 }] },
    ],
  };
  const rolledBack = [
    receive,
    write(1, 'INSERT INTO orders', [{ op: 'insert', table: 'orders', rowid: 1, after: { id: 1 } }]),
    write(2, 'UPDATE products', [{ op: 'update', table: 'products', rowid: 3, before: { stock: 5 }, after: { stock: 4 } }]),
    write(3, 'ROLLBACK', [
      { op: 'update', table: 'products', rowid: 3, before: { stock: 4 }, after: { stock: 5 } },
      { op: 'delete', table: 'orders', rowid: 1, before: { id: 1 } },
    ]),
  ];
  const at = (step: number, name: string) => tablesAtStep(after, rolledBack, step).find((t) => t.name === name)!;

  it('shows its writes, then their undoing at the ROLLBACK', () => {
    expect(at(2, 'products')).toMatchObject({ rows: [{ stock: 4 }], marks: [{ kind: 'updated' }] });
    expect(at(2, 'orders')).toMatchObject({ rows: [{ id: 1 }], rowCount: 1, marks: [undefined] });
    expect(at(3, 'products')).toMatchObject({ rows: [{ stock: 5 }], marks: [{ kind: 'updated', cells: ['stock'] }] });
    expect(at(3, 'orders')).toMatchObject({ rows: [{ id: 1 }], rowCount: 0, marks: [{ kind: 'deleted' }] });
    expect(at(0, 'orders')).toMatchObject({ rows: [], rowCount: 0 });
  });
});

describe('whether the tables can follow the steps', () => {
  const trace = (id: string, origin: 'learner' | 'check' = 'learner') => ({ id, sessionId: 's', startedAt: '', method: 'POST', url: '/', status: 201, durationMs: 1, origin, steps });
  const summary = (id: string, queryCount: number, origin: 'learner' | 'check' = 'learner') => ({ ...trace(id, origin), steps: undefined, stepCount: 4, queryCount });

  it('follows the newest trace, and one after which only reads or checks came', () => {
    expect(tablesFollow(trace('a'), [summary('a', 3)], false)).toBe('steps');
    expect(tablesFollow(trace('a'), [summary('c', 2, 'check'), summary('b', 0), summary('a', 3)], false)).toBe('steps');
  });

  it('shows the tables as they are now after a later write, for a check, and waits for a refresh', () => {
    expect(tablesFollow(trace('a'), [summary('b', 1), summary('a', 3)], false)).toBe('now');
    expect(tablesFollow(trace('c', 'check'), [summary('c', 2, 'check')], false)).toBe('now');
    expect(tablesFollow(trace('a'), [summary('a', 3)], true)).toBe('loading');
  });
});
