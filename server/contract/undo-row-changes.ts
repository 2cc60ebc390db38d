import type { DatabaseSnapshot } from './api.js';
import type { RowChange, Step } from './trace.js';

/** A row of a table as listed: its values and its rowid (null in a WITHOUT ROWID table). */
export interface ListedRow {
  values: Record<string, unknown>;
  rowid: number | null;
}

const same = (a: Record<string, unknown>, b: Record<string, unknown> | undefined) => b !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** The row of the list that `change` is about: by rowid, or by its values for a WITHOUT ROWID table. */
export const findRow = (rows: ListedRow[], change: RowChange, values: Record<string, unknown> | undefined) =>
  rows.findIndex((row) => (change.rowid !== null ? row.rowid === change.rowid : same(row.values, values)));

/** Puts a row back in rowid order (a WITHOUT ROWID row at the end). */
export const placeRow = (rows: ListedRow[], row: ListedRow) => {
  const at = row.rowid === null ? -1 : rows.findIndex((r) => r.rowid !== null && r.rowid > row.rowid!);
  rows.splice(at === -1 ? rows.length : at, 0, row);
};

/** The rows a step changed (a ROLLBACK's are its transaction's, undone); none for a read. */
export const changesOf = (step: Step | undefined): RowChange[] => (step?.kind === 'query' ? (step.data.changes?.rows ?? []) : []);

/**
 * Takes `changes` (in the order they happened) back from one table's rows, newest first, in place;
 * answers by how much the table's row count changes. A row outside the list (a snapshot lists only
 * the first rows) still counts.
 */
export function undoChanges(rows: ListedRow[], changes: RowChange[]): number {
  let count = 0;
  for (const change of changes.slice().reverse()) {
    if (change.op === 'insert') {
      const i = findRow(rows, change, change.after);
      if (i !== -1) rows.splice(i, 1);
      count--;
    } else if (change.op === 'delete') {
      if (change.before) placeRow(rows, { values: change.before, rowid: change.rowid });
      count++;
    } else {
      const i = findRow(rows, change, change.after);
      if (i !== -1 && change.before) rows[i] = { ...rows[i]!, values: change.before };
    }
  }
  return count;
}

/** The tables as they were before `changes` (in the order they happened) were made. */
export function tablesBefore(snapshot: DatabaseSnapshot, changes: RowChange[]): DatabaseSnapshot {
  return {
    tables: snapshot.tables.map((table) => {
      const rows: ListedRow[] = table.rows.map((values, i) => ({ values, rowid: table.rowids?.[i] ?? null }));
      const rowCount = Math.max(
        0,
        table.rowCount +
          undoChanges(
            rows,
            changes.filter((c) => c.table === table.name),
          ),
      );
      return { ...table, rowCount, rows: rows.map((r) => r.values), rowids: rows.map((r) => r.rowid) };
    }),
  };
}
