import type { Database, SqlValue, Statement } from 'sql.js';

/**
 * Gudang's own fixed SQL around each write (the schema version, total_changes(), the row-change
 * log), kept prepared: `db.exec` parses the text every time, which cost more than the statements
 * themselves. The statements outlive an export (sql.js 1.16 keeps the connection) and are freed
 * with the database.
 */
export class OwnQueries {
  private readonly prepared = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  /** Every row of `sqlText`, as values. */
  rows(sqlText: string): SqlValue[][] {
    const statement = this.prepared.get(sqlText) ?? this.db.prepare(sqlText);
    this.prepared.set(sqlText, statement);
    try {
      const rows: SqlValue[][] = [];
      while (statement.step()) rows.push(statement.get());
      return rows;
    } finally {
      statement.reset();
    }
  }

  /** The first row of `sqlText` (empty when there is none). */
  row(sqlText: string): SqlValue[] {
    return this.rows(sqlText)[0] ?? [];
  }
}
