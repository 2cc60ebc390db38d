import type { RowChanges } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { type RowMarks, RowsTable } from '../ui/RowsTable.js';
import { changedCells } from './tables-at-step.js';

/** The words of the change marks, in the page's language. */
export const changeWords = (t: ReturnType<typeof useI18n>['t']): RowMarks['words'] => ({ inserted: t('rowInserted'), deleted: t('rowDeleted'), updated: t('rowUpdated'), cell: t('cellChanged') });

/** Columns of the changed rows of one table, in the order they first appear. */
const columnsOf = (rows: (Record<string, unknown> | undefined)[]) => [...new Set(rows.flatMap((row) => Object.keys(row ?? {})))];

/**
 * The rows a write changed, table by table: an insert's new row, a delete's old one, an update
 * as its row before and after, the changed cells marked. A ROLLBACK's rows are its undoing.
 */
export function RowDiff({ changes, rollback }: { changes: RowChanges; rollback: boolean }) {
  const { t } = useI18n();
  const tables = [...new Set(changes.rows.map((c) => c.table))];
  const words = changeWords(t);
  return (
    <div className="row-diff" data-testid="row-diff">
      {rollback && <p>{t('rolledBack')}</p>}
      {tables.map((table) => {
        const ofTable = changes.rows.filter((c) => c.table === table);
        const rows: Record<string, unknown>[] = [];
        const marks: RowMarks = { header: t('rowChange'), marks: [], words };
        for (const change of ofTable) {
          if (change.op === 'update') {
            const cells = changedCells(change);
            rows.push(change.before ?? {}, change.after ?? {});
            marks.marks.push({ kind: 'updated', cells: [], label: t('rowBefore') }, { kind: 'updated', cells, label: t('rowAfter') });
          } else {
            rows.push((change.op === 'insert' ? change.after : change.before) ?? {});
            marks.marks.push({ kind: change.op === 'insert' ? 'inserted' : 'deleted' });
          }
        }
        return <RowsTable key={table} columns={columnsOf(rows)} rows={rows} marks={marks} caption={`${t('rowsChanged')}: ${table}`} />;
      })}
      {changes.cut && <p className="muted">{t('changesCut')}</p>}
    </div>
  );
}
