import type { DatabaseSnapshot, DatabaseTable } from '../../../server/contract/api.js';
import type { RowChange, Step } from '../../../server/contract/trace.js';
import { changesOf, findRow, type ListedRow, placeRow, undoChanges } from '../../../server/contract/undo-row-changes.js';

/** How the current step changed a row: its cells that changed, for an update. */
export type RowMark = { kind: 'inserted' } | { kind: 'deleted' } | { kind: 'updated'; cells: string[] };

export interface TableAtStep extends DatabaseTable {
  /** Parallel to `rows`: the mark of each row the current step changed. */
  marks: (RowMark | undefined)[];
}

type Row = ListedRow & { mark?: RowMark };

/** The cells an update changed. */
export const changedCells = (change: RowChange) => Object.keys(change.after ?? {}).filter((key) => JSON.stringify(change.after?.[key]) !== JSON.stringify(change.before?.[key]));

/**
 * The tables as they were after step `at`, from a snapshot taken after the whole trace: the
 * changes of every later step are taken back, newest first. Rows the step at `at` changed are
 * marked; a row it deleted stays in the list, marked, so the learner sees what went.
 */
export function tablesAtStep(snapshot: DatabaseSnapshot, steps: Step[], at: number): TableAtStep[] {
  return snapshot.tables.map((table) => {
    const rows: Row[] = table.rows.map((values, i) => ({ values, rowid: table.rowids?.[i] ?? null }));
    let rowCount = table.rowCount;
    for (let s = steps.length - 1; s > at; s--)
      rowCount += undoChanges(
        rows,
        changesOf(steps[s]).filter((c) => c.table === table.name),
      );
    for (const change of changesOf(steps[at]).filter((c) => c.table === table.name)) {
      if (change.op === 'delete') {
        if (change.before) placeRow(rows, { values: change.before, rowid: change.rowid, mark: { kind: 'deleted' } } as Row);
        continue;
      }
      const i = findRow(rows, change, change.after);
      if (i === -1) continue;
      rows[i] = { ...rows[i]!, mark: change.op === 'insert' ? { kind: 'inserted' } : { kind: 'updated', cells: changedCells(change) } };
    }
    return { ...table, rowCount: Math.max(0, rowCount), rows: rows.map((r) => r.values), rowids: rows.map((r) => r.rowid), marks: rows.map((r) => r.mark) };
  });
}

/** Whether any step of the trace changed rows. */
export const changedRows = (steps: Step[]) => steps.some((step) => changesOf(step).length > 0);
