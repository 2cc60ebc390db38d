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

describe('the rows each write changed', () => {
  it('records an insert with its new row, and nothing for a read', () => {
    const db = open();
    expect(db.execute('INSERT INTO orders (total) VALUES (?)', [250]).changes).toEqual({ rows: [{ op: 'insert', table: 'orders', rowid: 2, after: { id: 2, total: 250 } }], cut: false });
    expect(db.execute('SELECT * FROM orders', null).changes).toBeUndefined();
  });

  it('records an update before and after, and a delete with the row it removed', () => {
    const db = open();
    expect(db.execute('UPDATE orders SET total = total - 30 WHERE id = 1', null)).toMatchObject({
      rowsAffected: 1,
      changes: { rows: [{ op: 'update', table: 'orders', rowid: 1, before: { id: 1, total: 100 }, after: { id: 1, total: 70 } }], cut: false },
    });
    expect(db.execute('DELETE FROM orders', null)).toMatchObject({ rowsAffected: 1, changes: { rows: [{ op: 'delete', rowid: 1, before: { id: 1, total: 70 } }], cut: false } });
    expect(db.execute('DELETE FROM orders', null).changes).toBeUndefined();
  });

  it('records a query that writes and returns rows, as db.query may', () => {
    const result = open().execute('UPDATE orders SET total = 1 RETURNING id', null);
    expect(result).toMatchObject({ rows: [{ id: 1 }], rowsAffected: 1, changes: { rows: [{ op: 'update', before: { total: 100 }, after: { total: 1 } }] } });
  });

  it('shows a rolled-back transaction’s writes and then their undoing, newest first', () => {
    const db = open();
    db.execute('BEGIN', null);
    db.execute('UPDATE orders SET total = 90 WHERE id = 1', null);
    db.execute('INSERT INTO orders (total) VALUES (7)', null);
    expect(db.execute('ROLLBACK', null)).toMatchObject({
      rowsAffected: 0,
      changes: {
        rows: [
          { op: 'delete', table: 'orders', rowid: 2, before: { id: 2, total: 7 } },
          { op: 'update', table: 'orders', rowid: 1, before: { id: 1, total: 90 }, after: { id: 1, total: 100 } },
        ],
        cut: false,
      },
    });
    expect(db.snapshot().tables[0]!.rows).toEqual([{ id: 1, total: 100 }]);
    db.execute('BEGIN', null);
    db.execute('INSERT INTO orders (total) VALUES (8)', null);
    expect(db.execute('COMMIT', null).changes).toBeUndefined();
  });

  it('keeps 50 rows of a large write and says it was cut, without changing the rows it counts', () => {
    const db = open();
    const result = db.execute('WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 120) INSERT INTO orders (total) SELECT v FROM n', null);
    expect(result.rowsAffected).toBe(120);
    expect(result.changes!.rows).toHaveLength(50);
    expect(result.changes!.cut).toBe(true);
    expect(db.execute('UPDATE orders SET total = 0 WHERE id <= 3', null).changes).toMatchObject({ rows: [{}, {}, {}], cut: false });
  });

  it('bounds long text, tells a blob by its size, and follows a table made later', () => {
    const db = open();
    db.execute('CREATE TABLE notes (body TEXT, data BLOB)', null);
    const [change] = db.execute("INSERT INTO notes VALUES (?, x'0102')", ['n'.repeat(5000)]).changes!.rows;
    expect(change!.after!.data).toBe('(blob, 2 bytes)');
    expect(change!.after!.body).toMatch(/^n{2048}… 3 KB more$/);
    expect(db.exportBytes().length).toBeGreaterThan(0);
    expect(db.execute('DELETE FROM notes', null).changes!.rows[0]).toMatchObject({ op: 'delete', table: 'notes' });
  });

  it('records a WITHOUT ROWID table’s rows by their values', () => {
    const db = open();
    db.execute('CREATE TABLE tags (name TEXT PRIMARY KEY) WITHOUT ROWID', null);
    expect(db.execute("INSERT INTO tags VALUES ('a')", null).changes!.rows).toEqual([{ op: 'insert', table: 'tags', rowid: null, after: { name: 'a' } }]);
  });

  it('leaves nothing of a failed write for the next statement', () => {
    const db = open();
    expect(() => db.execute('INSERT INTO orders (id, total) VALUES (5, 1), (1, 2)', null)).toThrow(/UNIQUE/);
    expect(db.execute('INSERT INTO orders (total) VALUES (3)', null).changes!.rows).toHaveLength(1);
  });
});

describe('the snapshot', () => {
  it('gives each row its rowid, so a step’s changes find their row', () => {
    const db = open();
    db.execute('INSERT INTO orders (id, total) VALUES (7, 1)', null);
    db.execute('CREATE TABLE tags (name TEXT PRIMARY KEY) WITHOUT ROWID', null);
    db.execute("INSERT INTO tags VALUES ('a')", null);
    const [orders, tags] = [db.snapshot().tables.find((t) => t.name === 'orders')!, db.snapshot().tables.find((t) => t.name === 'tags')!];
    expect(orders).toMatchObject({
      rows: [
        { id: 1, total: 100 },
        { id: 7, total: 1 },
      ],
      rowids: [1, 7],
    });
    expect(tags).toMatchObject({ rows: [{ name: 'a' }], rowids: [null] });
  });

  it('lists each table’s indexes as the schema wrote them', () => {
    const table = open()
      .snapshot()
      .tables.find((t) => t.name === 'orders')!;
    expect(table.indexes).toEqual([{ name: 'orders_by_total', sql: 'CREATE INDEX orders_by_total ON orders (total)' }]);
  });
});

describe('exporting the committed file', () => {
  it('keeps the connection as it was: row changes, bounded blobs and the schema go on, and the file has no temp objects', () => {
    const db = open();
    db.execute('INSERT INTO orders (total) VALUES (?)', [7]);
    const bytes = db.exportBytes();
    // The next write still records its rows (the triggers survived), and the blob builders stay bounded.
    expect(db.execute('UPDATE orders SET total = 8 WHERE total = 7', null).changes!.rows).toEqual([
      { op: 'update', table: 'orders', rowid: 2, before: { id: 2, total: 7 }, after: { id: 2, total: 8 } },
    ]);
    expect(() => db.execute('SELECT randomblob(?)', [DEFAULT_LIMITS.sqlValueBytes + 1])).toThrow();
    const copy = new sql.Database(bytes);
    expect(copy.exec("SELECT name FROM sqlite_temp_master UNION ALL SELECT name FROM sqlite_master WHERE name LIKE 'gudang%'")).toEqual([]);
    expect(copy.exec('SELECT total FROM orders ORDER BY id')[0]!.values).toEqual([[100], [7]]);
    copy.close();
  });
});
