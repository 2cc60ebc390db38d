import type { Database, SqlValue, BindParams, SqlJsStatic } from 'sql.js';
import type { DatabaseSnapshot } from '../contract/api.js';
import { LimitExceeded, type QueryResult } from '../sandbox/sandbox-app.js';
import { formatBytes } from '../sandbox/sandbox-app.js';
import { refusedStatement } from './sql-guard.js';

export interface DatabaseLimits {
  rowsPerQuery: number;
  sqlValueBytes: number;
}

/** Rows per table shown by the database panel. */
const SNAPSHOT_ROWS = 100;

/** One learner's SQLite database, with the instrumented, bounded query API learner code uses. */
export class SessionDatabase {
  private constructor(
    private readonly db: Database,
    private readonly limits: DatabaseLimits,
    private readonly options: { queryPlan: boolean },
  ) {
    this.installCappedFunctions();
  }

  /** `queryPlan` adds EXPLAIN QUERY PLAN output to each SELECT's result (a lesson option). */
  static fromBytes(sql: SqlJsStatic, bytes: Uint8Array, limits: DatabaseLimits, options = { queryPlan: false }): SessionDatabase {
    return new SessionDatabase(new sql.Database(bytes), limits, options);
  }

  /** Builds the bytes of a fresh database from a lesson's schema and seed. */
  static build(sql: SqlJsStatic, schema: string, seed: string): Uint8Array {
    const db = new sql.Database();
    try {
      db.exec(schema);
      if (seed.trim()) db.exec(seed);
      return db.export();
    } finally {
      db.close();
    }
  }

  execute(sqlText: string, params: unknown, method: 'query' | 'run'): QueryResult {
    const refused = refusedStatement(sqlText);
    if (refused) throw new Error(refused);
    const bind = toBindParams(params);
    const before = this.totalChanges();
    let columns: string[] = [];
    let rows: Record<string, unknown>[] = [];
    let statementCount = 0;
    for (const statement of this.db.iterateStatements(sqlText)) {
      statementCount++;
      try {
        if (bind && statementCount === 1) statement.bind(bind);
        const stepRows: Record<string, unknown>[] = [];
        const names = statement.getColumnNames();
        while (statement.step()) {
          if (stepRows.length >= this.limits.rowsPerQuery) {
            throw new LimitExceeded(`your query returned more than ${this.limits.rowsPerQuery} rows`);
          }
          stepRows.push(toRow(names, statement.get()));
        }
        if (names.length > 0) {
          columns = names;
          rows = stepRows;
        }
      } finally {
        statement.free();
      }
    }
    const rowsAffected = this.totalChanges() - before;
    const lastInsertRowid = Number(this.scalar('SELECT last_insert_rowid()'));
    void method;
    const plan = this.options.queryPlan && statementCount === 1 ? this.plan(sqlText, bind) : undefined;
    return { columns, rows, rowsAffected, lastInsertRowid: rowsAffected > 0 ? lastInsertRowid : undefined, ...(plan ? { plan } : {}) };
  }

  /** EXPLAIN QUERY PLAN of a SELECT, one line per plan row, indented by depth. */
  private plan(sqlText: string, bind: BindParams | null): string[] | undefined {
    if (!/^\s*(WITH|SELECT)\b/i.test(sqlText)) return undefined;
    try {
      const result = this.db.exec(`EXPLAIN QUERY PLAN ${sqlText}`, bind ?? undefined)[0];
      if (!result) return undefined;
      const depth = new Map<number, number>();
      return result.values.map(([id, parent, , detail]) => {
        const level = (depth.get(Number(parent)) ?? -1) + 1;
        depth.set(Number(id), level);
        return `${'  '.repeat(level)}${String(detail)}`;
      });
    } catch {
      return undefined;
    }
  }

  /** Ends a transaction the learner's code left open (their request failed half-way). */
  rollbackOpenTransaction(): void {
    try {
      this.db.exec('ROLLBACK');
    } catch {
      // no transaction was open
    }
  }

  totalChanges(): number {
    return Number(this.scalar('SELECT total_changes()'));
  }

  /** The committed database as a file. sql.js reopens the database to export it, dropping functions. */
  exportBytes(): Uint8Array {
    const bytes = this.db.export();
    this.installCappedFunctions();
    return bytes;
  }

  snapshot(): DatabaseSnapshot {
    const tables = this.db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    const names = (tables[0]?.values ?? []).map((row) => String(row[0]));
    return {
      tables: names.map((name) => {
        const quoted = `"${name.replace(/"/g, '""')}"`;
        const info = this.db.exec(`PRAGMA table_info(${quoted})`)[0];
        const columns = (info?.values ?? []).map((c) => ({ name: String(c[1]), type: String(c[2]), primaryKey: Number(c[5]) > 0 }));
        const result = this.db.exec(`SELECT * FROM ${quoted} LIMIT ${SNAPSHOT_ROWS}`)[0];
        const rows = (result?.values ?? []).map((values) => toRow(result!.columns, values));
        return { name, columns, rows, rowCount: Number(this.scalar(`SELECT count(*) FROM ${quoted}`)) };
      }),
    };
  }

  close(): void {
    this.db.close();
  }

  private scalar(sqlText: string): SqlValue {
    return this.db.exec(sqlText)[0]?.values[0]?.[0] ?? null;
  }

  /** SQLite's own blob builders, bounded so one query cannot grow the shared wasm memory for good. */
  private installCappedFunctions() {
    const cap = this.limits.sqlValueBytes;
    const check = (n: unknown) => {
      const size = Number(n);
      if (!Number.isFinite(size) || size > cap) throw new Error(`SQL values are limited to ${formatBytes(cap)}`);
      return Math.max(0, Math.floor(size));
    };
    this.db.create_function('randomblob', (n: unknown) => crypto.getRandomValues(new Uint8Array(Math.max(1, check(n)))));
    this.db.create_function('zeroblob', (n: unknown) => new Uint8Array(check(n)));
  }
}

function toRow(columns: string[], values: SqlValue[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  columns.forEach((name, i) => {
    const value = values[i];
    row[name] = value instanceof Uint8Array ? Array.from(value) : value;
  });
  return row;
}

function toBindValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new TypeError(`SQL parameters must be numbers, strings, booleans or null, got ${Array.isArray(value) ? 'an array' : typeof value}`);
}

/** Arrays bind by position; objects by name, with or without the `:`/`$`/`@` prefix. */
function toBindParams(params: unknown): BindParams | null {
  if (params === null || params === undefined) return null;
  if (Array.isArray(params)) return params.map(toBindValue);
  if (typeof params === 'object') {
    const named: Record<string, SqlValue> = {};
    for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
      const bound = toBindValue(value);
      if (/^[:$@]/.test(key)) named[key] = bound;
      else for (const prefix of [':', '$', '@']) named[prefix + key] = bound;
    }
    return named;
  }
  return [toBindValue(params)];
}
