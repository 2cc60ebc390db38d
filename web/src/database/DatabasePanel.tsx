import { useMemo } from 'react';
import type { DatabaseSnapshot } from '../../../server/contract/api.js';
import type { Step } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { RowsTable } from '../ui/RowsTable.js';
import { changeWords } from './RowDiff.js';
import { changedRows, type TableAtStep, tablesAtStep } from './tables-at-step.js';
import type { TablesFollow } from './tables-follow.js';

export interface DatabasePanelProps {
  snapshot?: DatabaseSnapshot;
  error?: string;
  /** Without it and `onResetData` (a shared trace), the panel only shows. */
  onRefresh?: () => void;
  /** Puts the lesson's sample data back, keeping the code. */
  onResetData?: () => void;
  /** True once the data was reset (until the session changes). */
  dataReset?: boolean;
  /** The open trace's steps and the stepper's place in them. */
  steps: Step[];
  at: number;
  /** Whether the snapshot can be taken back to the steps of the open trace. */
  follow: TablesFollow;
  /** What is said when the tables do not follow the steps. @default the tables are as they are now */
  notFollowing?: string;
}

/** Every table of the session's database with its rows and indexes. */
export function DatabasePanel({ snapshot, error, onRefresh, onResetData, dataReset, steps, at, follow, notFollowing }: DatabasePanelProps) {
  const { t } = useI18n();
  const writes = useMemo(() => changedRows(steps), [steps]);
  const stepped = writes && follow === 'steps';
  const tables = useMemo(
    (): TableAtStep[] | undefined => (snapshot && stepped ? tablesAtStep(snapshot, steps, at) : snapshot?.tables.map((table) => ({ ...table, marks: [] }))),
    [snapshot, stepped, steps, at],
  );
  const words = changeWords(t);
  const incomplete = stepped && steps.slice(at + 1).some((step) => step.kind === 'query' && step.data.changes?.cut);
  const confirmResetData = () => {
    if (window.confirm(t('resetDataConfirm'))) onResetData?.();
  };
  return (
    <div className="database" data-testid="database">
      {onRefresh && onResetData && (
        <div className="pane-toolbar">
          <span role="status" className="muted">
            {dataReset ? t('dataReset') : ''}
          </span>
          <span className="tabs__spacer" />
          <button type="button" className="small-button" onClick={confirmResetData}>
            ⟲ {t('resetData')}
          </button>
          <button type="button" className="small-button" onClick={onRefresh}>
            ↻ {t('refresh')}
          </button>
        </div>
      )}
      {error && <p className="error-text">⚠ {error}</p>}
      {stepped && (
        <p className="muted" data-testid="database-step">
          {t('tablesAfterStep')} {at + 1} {t('of')} {steps.length}
        </p>
      )}
      {incomplete && (
        <p className="callout" role="note">
          {t('tablesIncomplete')}
        </p>
      )}
      {writes && follow === 'now' && (
        <p className="callout" role="note" data-testid="database-now">
          {notFollowing ?? t('tablesNow')}
        </p>
      )}
      {!snapshot && !error && <p className="empty">{t('loading')}</p>}
      {tables?.map((table) => (
        <section key={table.name} className="database__table">
          <h3>
            {table.name}{' '}
            <span className="muted">
              ({table.rowCount} {t('rows')})
            </span>
          </h3>
          {table.rows.length === 0 ? (
            <p className="empty">{t('noRows')}</p>
          ) : (
            <RowsTable
              columns={table.columns.map((c) => c.name)}
              primaryKeys={table.columns.filter((c) => c.primaryKey).map((c) => c.name)}
              rows={table.rows}
              marks={{ header: t('rowChange'), marks: table.marks, words }}
              caption={`${table.name}: ${table.columns.map((c) => `${c.name} ${c.type}`).join(', ')}`}
            />
          )}
          {table.indexes.length > 0 && (
            <div className="database__indexes" data-testid="database-indexes">
              <h4>{t('indexes')}</h4>
              <ul>
                {table.indexes.map((index) => (
                  <li key={index.name}>
                    <code>{index.sql}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
