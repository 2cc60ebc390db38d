import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { SessionDatabase } from '../../../server/database/session-database.js';
import { loadSqlEngine } from '../../../server/database/sql-engine.js';
import { DEFAULT_LIMITS } from '../../../server/sandbox/sandbox-types.js';

let sql: SqlJsStatic;
beforeAll(async () => {
  sql = await loadSqlEngine();
});

const open = () =>
  SessionDatabase.fromBytes(
    sql,
    SessionDatabase.build(sql, 'CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL); CREATE INDEX orders_by_total ON orders (total);', 'INSERT INTO orders (total) VALUES (100);'),
    DEFAULT_LIMITS,
  );

describe('what each statement changed', () => {
  it('gives BEGIN, COMMIT and ROLLBACK no rows changed and no insert id of the statement before them', () => {
    const db = open();
    expect(db.execute('INSERT INTO orders (total) VALUES (?)', [250])).toMatchObject({ rowsAffected: 1, lastInsertRowid: 2 });
    const begin = db.execute('BEGIN', null);
    expect(begin.rowsAffected).toBe(0);
    expect(begin.lastInsertRowid).toBeUndefined();
    expect(db.execute('UPDATE orders SET total = total + 1', null)).toEqual(expect.objectContaining({ rowsAffected: 2, lastInsertRowid: undefined }));
    const rollback = db.execute('ROLLBACK', null);
    expect(rollback.rowsAffected).toBe(0);
    expect(rollback.lastInsertRowid).toBeUndefined();
    db.execute('BEGIN', null);
    db.execute('INSERT INTO orders (total) VALUES (5)', null);
    expect(db.execute('COMMIT', null)).toMatchObject({ rowsAffected: 0, lastInsertRowid: undefined });
  });

  it('still counts a delete that changes nothing as zero', () => {
    const db = open();
    db.execute('INSERT INTO orders (total) VALUES (1)', null);
    expect(db.execute('DELETE FROM orders WHERE id = 99', null)).toMatchObject({ rowsAffected: 0, lastInsertRowid: undefined });
  });
});

describe('the snapshot', () => {
  it('lists each table’s indexes as the schema wrote them', () => {
    const table = open().snapshot().tables.find((t) => t.name === 'orders')!;
    expect(table.indexes).toEqual([{ name: 'orders_by_total', sql: 'CREATE INDEX orders_by_total ON orders (total)' }]);
  });
});
