import type { Database } from 'sql.js';
import type { RowChange, RowChanges } from '../contract/trace.js';
import { boundValue, cutMarker, TRACE_VALUE_BOUNDS } from '../limits/bounds.js';
import { OwnQueries } from './own-queries.js';

/** Changed rows recorded per statement; the rest are counted as cut. */
export const CHANGES_PER_STEP = 50;

/** Characters of a text value the log keeps (the trace keeps this many, with a marker for the rest). */
const VALUE_CHARS = TRACE_VALUE_BOUNDS.string;

const LOG = 'temp.gudang_row_log';
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A column's value as the log keeps it: text cut (with its length, so the trace can say how much),
 * a blob as its size (JSON cannot hold bytes), other values as they are.
 */
const logged = (ref: string) =>
  `CASE typeof(${ref}) WHEN 'blob' THEN json_object('blob', length(${ref})) ` +
  `WHEN 'text' THEN CASE WHEN length(${ref}) > ${VALUE_CHARS} THEN json_array(substr(${ref}, 1, ${VALUE_CHARS}), length(${ref})) ELSE ${ref} END ` +
  `ELSE ${ref} END`;

/**
 * Records the rows each write changes, before and after. sql.js 1.16 has `updateHook`, but it tells
 * only the operation, table and rowid, after the change: the old values are gone by then, and SQLite
 * forbids reading the database from inside the hook. Temporary triggers see OLD and NEW, so they
 * are what records a change; they live in the temp schema, so they never reach the exported file.
 * Each logs at most CHANGES_PER_STEP + 1 rows per statement (the +1 says that rows were cut).
 */
export class RowChangeLog {
  /** The main schema's version the triggers were made for; -1 when they are not installed. */
  private installedFor = -1;
  /** Rows this statement's own logging added to total_changes(), to subtract from the learner's figure. */
  logged = 0;

  private readonly own: OwnQueries;

  constructor(private readonly db: Database) {
    this.own = new OwnQueries(db);
  }

  /** (Re)installs the triggers when a table was created, changed or dropped since. Called before each write. */
  prepare(): void {
    const version = Number(this.own.row('PRAGMA main.schema_version')[0] ?? 0);
    if (version === this.installedFor) return;
    this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS gudang_row_log (op TEXT, tbl TEXT, rid INTEGER, old TEXT, new TEXT); DELETE FROM ${LOG}`);
    const triggers = this.db.exec("SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'gudang_row_%'")[0]?.values ?? [];
    for (const [name] of triggers) this.db.exec(`DROP TRIGGER temp.${quote(String(name))}`);
    const tables = this.db.exec("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")[0]?.values ?? [];
    for (const [i, [name]] of tables.entries()) this.install(String(name), i);
    this.installedFor = version;
  }

  private install(table: string, index: number) {
    const columns = (this.db.exec(`PRAGMA main.table_info(${quote(table)})`)[0]?.values ?? []).map((c) => String(c[1]));
    const image = (side: 'OLD' | 'NEW') => `json_object(${columns.map((c) => `'${c.replace(/'/g, "''")}', ${logged(`${side}.${quote(c)}`)}`).join(', ')})`;
    const when = `WHEN (SELECT count(*) FROM ${LOG}) <= ${CHANGES_PER_STEP}`;
    const on = `ON main.${quote(table)} FOR EACH ROW ${when}`;
    const literal = `'${table.replace(/'/g, "''")}'`;
    const make = (rowid: (side: 'OLD' | 'NEW') => string) => {
      this.db.exec(
        `CREATE TEMP TRIGGER gudang_row_i${index} AFTER INSERT ${on} BEGIN INSERT INTO ${LOG} VALUES ('insert', ${literal}, ${rowid('NEW')}, NULL, ${image('NEW')}); END;` +
          `CREATE TEMP TRIGGER gudang_row_u${index} AFTER UPDATE ${on} BEGIN INSERT INTO ${LOG} VALUES ('update', ${literal}, ${rowid('NEW')}, ${image('OLD')}, ${image('NEW')}); END;` +
          `CREATE TEMP TRIGGER gudang_row_d${index} AFTER DELETE ${on} BEGIN INSERT INTO ${LOG} VALUES ('delete', ${literal}, ${rowid('OLD')}, ${image('OLD')}, NULL); END;`,
      );
    };
    // A WITHOUT ROWID table has no rowid: its rows are told apart by their values only.
    const withoutRowid = Number(this.db.exec(`SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ${literal}`)[0]?.values[0]?.[0] ?? 0) === 1;
    make(withoutRowid ? () => 'NULL' : (side) => `${side}.rowid`);
  }

  /** Drops what a failed statement left in the log. */
  discard(): void {
    if (this.installedFor === -1) return;
    try {
      this.own.rows(`DELETE FROM ${LOG}`);
    } catch {
      // the database is failing already; the log is cleared when the triggers are made again
      this.installedFor = -1;
    }
  }

  /** The rows the statement just run changed, and clears the log for the next one. */
  take(): RowChanges | undefined {
    if (this.installedFor === -1) return undefined;
    const values = this.own.rows(`SELECT op, tbl, rid, old, new FROM ${LOG} ORDER BY rowid`);
    this.logged = values.length;
    if (values.length === 0) return undefined;
    this.own.rows(`DELETE FROM ${LOG}`);
    const rows = values.slice(0, CHANGES_PER_STEP).map(
      ([op, table, rowid, old, fresh]): RowChange => ({
        op: op as RowChange['op'],
        table: String(table),
        rowid: rowid === null ? null : Number(rowid),
        ...(old === null ? {} : { before: readImage(String(old)) }),
        ...(fresh === null ? {} : { after: readImage(String(fresh)) }),
      }),
    );
    return { rows, cut: values.length > CHANGES_PER_STEP };
  }
}

/** A logged row back as values: cut text gets Gudang's marker, a blob says its size. */
function readImage(json: string): Record<string, unknown> {
  const row = JSON.parse(json) as Record<string, unknown>;
  for (const [key, value] of Object.entries(row)) {
    if (Array.isArray(value)) row[key] = String(value[0]) + cutMarker(Number(value[1]) - VALUE_CHARS);
    else if (value !== null && typeof value === 'object') row[key] = `(blob, ${Number((value as { blob: number }).blob)} bytes)`;
  }
  return boundValue(row, TRACE_VALUE_BOUNDS) as Record<string, unknown>;
}

/** What undoes `changes`, newest first: a rolled-back transaction's writes, taken back. */
export function undone(changes: RowChange[]): RowChange[] {
  return changes
    .slice()
    .reverse()
    .map((change) => ({
      op: change.op === 'insert' ? 'delete' : change.op === 'delete' ? 'insert' : 'update',
      table: change.table,
      rowid: change.rowid,
      ...(change.after ? { before: change.after } : {}),
      ...(change.before ? { after: change.before } : {}),
    }));
}
