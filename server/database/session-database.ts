import type { BindParams, Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import type { DatabaseSnapshot } from '../contract/api.js';
import type { RowChanges } from '../contract/trace.js';
import type { QueryResult } from '../sandbox/sandbox-types.js';
import { randomFillSync } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { failureText, formatBytes } from '../contract/failure-words.js';
import { boundValue, TRACE_VALUE_BOUNDS } from '../limits/bounds.js';
import { failures, LimitExceeded } from '../limits/failures.js';
import { sqlMemory } from './sql-engine.js';
import { CHANGES_PER_STEP, RowChangeLog, undone } from './row-changes.js';
import { OwnQueries } from './own-queries.js';
import { isReadOnly, refusedStatement } from './sql-guard.js';
import { PROFILING, requestAdd } from '../trace/phase-profile.js';

export interface DatabaseLimits {
  rowsPerQuery: number;
  /** Largest SQL text, parameter, or value in a result (and what randomblob/zeroblob may build). */
  sqlValueBytes: number;
  /** All the values one query returns. */
  queryResultBytes: number;
  /** What one request's SQL may add to sql.js's memory (named in the error; enforced by `sqlMemory`). */
  sqlMemoryBytes: number;
  /** Largest database file (SQLite's max_page_count): an INSERT past it fails with "database or disk is full". */
  databaseBytes: number;
}

/** Prepared statements kept per database. */
const STATEMENT_CACHE = 64;

/** Rows per table shown by the database panel. */
const SNAPSHOT_ROWS = 100;

/** Statements whose last_insert_rowid() is theirs (an UPDATE leaves the previous insert's). */
const INSERTS = /\b(?:INSERT|REPLACE)\b(?:\s+OR\s+\w+)?\s+INTO\b/i;

/** Statements that open, end or undo a transaction (ROLLBACK TO a savepoint is not followed). */
const BEGIN = /^\s*BEGIN\b/i;
const COMMIT = /^\s*(?:COMMIT|END)\b/i;
const ROLLBACK = /^\s*ROLLBACK\s*(?:TRANSACTION\s*)?;?\s*$/i;

/** One learner's SQLite database, with the instrumented, bounded query API learner code uses. */
export class SessionDatabase {
  private constructor(
    private readonly db: Database,
    private readonly limits: DatabaseLimits,
    private readonly options: { queryPlan: boolean },
  ) {
    this.changeLog = new RowChangeLog(db);
    this.own = new OwnQueries(db);
    this.installCappedFunctions();
  }

  /** Records what each write changed. */
  private readonly changeLog: RowChangeLog;
  /** Gudang's own SQL around each write, kept prepared. */
  private readonly own: OwnQueries;
  /** The changes made since BEGIN, which a ROLLBACK takes back; null outside a transaction. */
  private transaction: RowChanges | null = null;

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

  execute(sqlText: string, params: unknown): QueryResult {
    const refused = refusedStatement(sqlText);
    if (refused) throw new Error(refused);
    const cap = this.limits.sqlValueBytes;
    if (sqlText.length > cap) throw new LimitExceeded(failures.sqlValueTooLarge(cap, 'text'));
    const bind = toBindParams(params, cap);
    try {
      return this.run(sqlText, bind);
    } catch (error) {
      this.changeLog.discard();
      throw this.explain(error);
    }
  }

  /** SQLite's out-of-memory, when Gudang's bound on sql.js's memory caused it, becomes that limit. */
  private explain(error: unknown): unknown {
    const message = error instanceof Error ? error.message : String(error);
    if (sqlMemory.refused && /out of memory/i.test(message)) return new LimitExceeded(failures.sqlMemoryExceeded(this.limits.sqlMemoryBytes));
    if (/database or disk is full/i.test(message)) return new LimitExceeded(failures.databaseTooLarge(this.limits.databaseBytes));
    if (/string or blob too big/i.test(message)) return new LimitExceeded(failures.sqlValueTooLarge(this.limits.sqlValueBytes, 'value'));
    return error;
  }

  private run(sqlText: string, bind: BindParams | null): QueryResult {
    const reads = isReadOnly(sqlText);
    const preparingAt = PROFILING ? performance.now() : 0;
    if (!reads) {
      this.dirty = true;
      this.changeLog.prepare();
    }
    // changes() and last_insert_rowid() keep the previous write's figures through BEGIN, COMMIT or
    // a CREATE: only the growth of total_changes() belongs to this statement.
    const changesBefore = reads ? 0 : Number(this.own.row('SELECT total_changes()')[0]);
    if (!reads) requestAdd('      of which row changes: triggers, log, counts', preparingAt);
    const prepared = this.statements.get(sqlText);
    const { columns, rows, statementCount } = prepared ? this.runPrepared(prepared, bind) : this.runFresh(sqlText, bind);
    let rowsAffected = 0;
    let lastInsertRowid: number | undefined;
    let changes: RowChanges | undefined;
    if (!reads) {
      const takingAt = PROFILING ? performance.now() : 0;
      const [total, rowid] = this.own.row('SELECT total_changes(), last_insert_rowid()');
      changes = this.changeLog.take();
      // The log's own rows count in total_changes(); they are Gudang's, not the learner's.
      rowsAffected = Number(total) - changesBefore - this.changeLog.logged;
      if (rowsAffected > 0 && INSERTS.test(sqlText)) lastInsertRowid = Number(rowid);
      changes = this.followTransaction(sqlText, changes);
      requestAdd('      of which row changes: triggers, log, counts', takingAt);
    }
    const plan = this.options.queryPlan && statementCount === 1 ? this.plan(sqlText, bind) : undefined;
    return { columns, rows, rowsAffected, lastInsertRowid, ...(plan ? { plan } : {}), ...(changes ? { changes } : {}) };
  }

  /** Keeps a transaction's changes, so its ROLLBACK can show them being undone. */
  private followTransaction(sqlText: string, changes: RowChanges | undefined): RowChanges | undefined {
    if (BEGIN.test(sqlText)) this.transaction = { rows: [], cut: false };
    else if (COMMIT.test(sqlText)) this.transaction = null;
    else if (ROLLBACK.test(sqlText)) {
      const taken = this.transaction;
      this.transaction = null;
      return taken && taken.rows.length > 0 ? { rows: undone(taken.rows), cut: taken.cut } : changes;
    } else if (changes && this.transaction) {
      const room = CHANGES_PER_STEP - this.transaction.rows.length;
      this.transaction.cut ||= changes.cut || changes.rows.length > room;
      this.transaction.rows.push(...changes.rows.slice(0, room));
    }
    return changes;
  }

  /** True once a statement that may write has run since the last call. */
  takeDirty(): boolean {
    const dirty = this.dirty;
    this.dirty = false;
    return dirty;
  }

  private dirty = false;
  /** Single statements seen before, kept prepared: parsing SQL costs more than running it. */
  private readonly statements = new LRUCache<string, Statement>({ max: STATEMENT_CACHE, dispose: (statement) => statement.free() });

  /** Steps through the rows with a budget: row count, each value's size, and the result's total. */
  private collect(statement: Statement) {
    const names = statement.getColumnNames();
    const rows: Record<string, unknown>[] = [];
    const { rowsPerQuery, sqlValueBytes, queryResultBytes } = this.limits;
    let bytes = 0;
    while (statement.step()) {
      if (rows.length >= rowsPerQuery) {
        statement.reset();
        throw new LimitExceeded(failures.tooManyRows(rowsPerQuery));
      }
      const values = statement.get();
      for (const value of values) {
        const size = typeof value === 'string' ? value.length : value instanceof Uint8Array ? value.byteLength : 8;
        if (size > sqlValueBytes) throw new LimitExceeded(failures.sqlValueTooLarge(sqlValueBytes, 'value'));
        bytes += size;
      }
      if (bytes > queryResultBytes) throw new LimitExceeded(failures.queryResultTooLarge(queryResultBytes));
      rows.push(toRow(names, values));
    }
    return { names, rows };
  }

  private runPrepared(statement: Statement, bind: BindParams | null) {
    try {
      if (bind) statement.bind(bind);
      else statement.reset();
      const { names, rows } = this.collect(statement);
      return { columns: names, rows, statementCount: 1 };
    } finally {
      statement.reset();
    }
  }

  private runFresh(sqlText: string, bind: BindParams | null) {
    let columns: string[] = [];
    let rows: Record<string, unknown>[] = [];
    let statementCount = 0;
    for (const statement of this.db.iterateStatements(sqlText)) {
      statementCount++;
      try {
        if (bind && statementCount === 1) statement.bind(bind);
        const result = this.collect(statement);
        if (result.names.length > 0) {
          columns = result.names;
          rows = result.rows;
        }
      } finally {
        statement.free();
      }
    }
    if (statementCount === 1) this.remember(sqlText);
    return { columns, rows, statementCount };
  }

  private remember(sqlText: string) {
    try {
      this.statements.set(sqlText, this.db.prepare(sqlText));
    } catch {
      // Not preparable on its own (it ran as part of a script): it is simply not cached.
    }
  }

  private forgetStatements() {
    this.statements.clear();
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

  /** Whether a BEGIN ran without its COMMIT or ROLLBACK (a SAVEPOINT alone is not followed). */
  inTransaction(): boolean {
    return this.transaction !== null;
  }

  /**
   * Ends a transaction the learner's code left open (their request failed half-way), and gives
   * back what that undid, for the trace to show.
   */
  rollbackOpenTransaction(): RowChanges | undefined {
    const taken = this.transaction;
    this.transaction = null;
    try {
      this.db.exec('ROLLBACK');
    } catch {
      return undefined; // no transaction was open
    }
    return taken && taken.rows.length > 0 ? { rows: undone(taken.rows), cut: taken.cut } : undefined;
  }

  /**
   * The committed database as a file. sql.js 1.16 exports through SQLite's backup API, keeping the
   * connection: prepared statements, functions and the temp schema (the row-change triggers) all
   * survive, so the next write does not install the triggers again (that took most of a write).
   */
  exportBytes(): Uint8Array {
    return this.db.export();
  }

  snapshot(): DatabaseSnapshot {
    const tables = this.db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    const names = (tables[0]?.values ?? []).map((row) => String(row[0]));
    const indexes = this.db.exec("SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")[0]?.values ?? [];
    return {
      tables: names.map((name) => {
        const quoted = `"${name.replace(/"/g, '""')}"`;
        const info = this.db.exec(`PRAGMA table_info(${quoted})`)[0];
        const columns = (info?.values ?? []).map((c) => ({ name: String(c[1]), type: String(c[2]), primaryKey: Number(c[5]) > 0 }));
        const withRowid = Number(this.scalar(`SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = '${name.replace(/'/g, "''")}'`)) !== 1;
        // The rowid comes first, by position: an INTEGER PRIMARY KEY would give it the same name as its column.
        const result = this.db.exec(`SELECT ${withRowid ? 'rowid' : 'NULL'}, * FROM ${quoted} LIMIT ${SNAPSHOT_ROWS}`)[0];
        const all = result?.values ?? [];
        const rows = all.map((values) => boundValue(toRow(result!.columns.slice(1), values.slice(1)), TRACE_VALUE_BOUNDS) as Record<string, unknown>);
        const rowids = all.map((values) => (values[0] === null ? null : Number(values[0])));
        const ownIndexes = indexes.filter((index) => index[0] === name).map((index) => ({ name: String(index[1]), sql: String(index[2]) }));
        return { name, columns, rows, rowids, rowCount: Number(this.scalar(`SELECT count(*) FROM ${quoted}`)), indexes: ownIndexes };
      }),
    };
  }

  close(): void {
    this.forgetStatements();
    this.db.close();
  }

  private scalar(sqlText: string): SqlValue {
    return this.db.exec(sqlText)[0]?.values[0]?.[0] ?? null;
  }

  /** SQLite's own blob builders, bounded so one query cannot grow the shared wasm memory for good. */
  private installCappedFunctions() {
    const cap = this.limits.sqlValueBytes;
    const check = (n: unknown) => {
      // Once the request's SQL memory is spent, a statement still stepping through rows stops here.
      if (sqlMemory.refused) throw new Error(`your SQL needed more than ${formatBytes(this.limits.sqlMemoryBytes)} of memory in one request`);
      const size = Number(n);
      // sql.js keeps only the message of what a function throws: the limit's sentence, as SQLite's error.
      if (!Number.isFinite(size) || size > cap) throw new Error(failureText(failures.sqlValueTooLarge(cap, 'value'), 'en'));
      return Math.max(0, Math.floor(size));
    };
    this.db.create_function('randomblob', (n: unknown) => randomFillSync(new Uint8Array(Math.max(1, check(n)))));
    this.db.create_function('zeroblob', (n: unknown) => new Uint8Array(check(n)));
    const pageSize = Number(this.scalar('PRAGMA page_size'));
    this.db.exec(`PRAGMA temp_store = MEMORY; PRAGMA max_page_count = ${Math.max(1, Math.floor(this.limits.databaseBytes / pageSize))}`);
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

function toBindValue(value: unknown, cap: number): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.length > cap) throw new LimitExceeded(failures.sqlValueTooLarge(cap, 'parameter'));
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new TypeError(`SQL parameters must be numbers, strings, booleans or null, got ${Array.isArray(value) ? 'an array' : typeof value}`);
}

/** Arrays bind by position; objects by name, with or without the `:`/`$`/`@` prefix. */
function toBindParams(params: unknown, cap: number): BindParams | null {
  if (params === null || params === undefined) return null;
  if (Array.isArray(params)) return params.map((value) => toBindValue(value, cap));
  if (typeof params === 'object') {
    const named: Record<string, SqlValue> = {};
    for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
      const bound = toBindValue(value, cap);
      if (/^[:$@]/.test(key)) named[key] = bound;
      else for (const prefix of [':', '$', '@']) named[prefix + key] = bound;
    }
    return named;
  }
  return [toBindValue(params, cap)];
}
