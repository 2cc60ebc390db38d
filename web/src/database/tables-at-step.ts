import type { DatabaseSnapshot, DatabaseTable } from '../../../server/contract/api.js';
import type { RowChange, Step } from '../../../server/contract/trace.js';

/** How the current step changed a row: its cells that changed, for an update. */
export type RowMark = { kind: 'inserted' } | { kind: 'deleted' } | { kind: 'updated'; cells: string[] };

export interface TableAtStep extends DatabaseTable {
  /** Parallel to `rows`: the mark of each row the current step changed. */
  marks: (RowMark | undefined)[];
}

type Row = { values: Record<string, unknown>; rowid: number | null; mark?: RowMark };

const same = (a: Record<string, unknown>, b: Record<string, unknown> | undefined) => b !== undefined && JSON.stringify(a) === JSON.stringify(b);

/** A row of the list that `change` is about: by rowid, or by its values for a WITHOUT ROWID table. */
const find = (rows: Row[], change: RowChange, values: Record<string, unknown> | undefined) => rows.findIndex((row) => (change.rowid !== null ? row.rowid === change.rowid : same(row.values, values)));

const place = (rows: Row[], row: Row) => {
  const at = row.rowid === null ? -1 : rows.findIndex((r) => r.rowid !== null && r.rowid > row.rowid!);
  rows.splice(at === -1 ? rows.length : at, 0, row);
};

/** The cells an update changed. */
export const changedCells = (change: RowChange) => Object.keys(change.after ?? {}).filter((key) => JSON.stringify(change.after?.[key]) !== JSON.stringify(change.before?.[key]));

const changesOf = (step: Step | undefined): RowChange[] => (step?.kind === 'query' ? (step.data.changes?.rows ?? []) : []);

/**
 * The tables as they were after step `at`, from a snapshot taken after the whole trace: the
 * changes of every later step are taken back, newest first. Rows the step at `at` changed are
 * marked; a row it deleted stays in the list, marked, so the learner sees what went.
 */
export function tablesAtStep(snapshot: DatabaseSnapshot, steps: Step[], at: number): TableAtStep[] {
  return snapshot.tables.map((table) => {
    const rows: Row[] = table.rows.map((values, i) => ({ values, rowid: table.rowids?.[i] ?? null }));
    let rowCount = table.rowCount;
    for (let s = steps.length - 1; s > at; s--) {
      const changes = changesOf(steps[s]).filter((c) => c.table === table.name);
      for (const change of changes.slice().reverse()) {
        if (change.op === 'insert') {
          const i = find(rows, change, change.after);
          if (i !== -1) rows.splice(i, 1);
          rowCount--;
        } else if (change.op === 'delete') {
          if (change.before) place(rows, { values: change.before, rowid: change.rowid });
          rowCount++;
        } else {
          const i = find(rows, change, change.after);
          if (i !== -1 && change.before) rows[i] = { ...rows[i]!, values: change.before };
        }
      }
    }
    for (const change of changesOf(steps[at]).filter((c) => c.table === table.name)) {
      if (change.op === 'delete') {
        if (change.before) place(rows, { values: change.before, rowid: change.rowid, mark: { kind: 'deleted' } });
        continue;
      }
      const i = find(rows, change, change.after);
      if (i === -1) continue;
      rows[i] = { ...rows[i]!, mark: change.op === 'insert' ? { kind: 'inserted' } : { kind: 'updated', cells: changedCells(change) } };
    }
    return { ...table, rowCount: Math.max(0, rowCount), rows: rows.map((r) => r.values), rowids: rows.map((r) => r.rowid), marks: rows.map((r) => r.mark) };
  });
}

/** Whether any step of the trace changed rows. */
export const changedRows = (steps: Step[]) => steps.some((step) => changesOf(step).length > 0);
