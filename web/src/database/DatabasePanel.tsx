import type { DatabaseSnapshot } from '../../../server/contract/api.js';
import { useI18n } from '../i18n/i18n-context.js';
import { RowsTable } from '../ui/RowsTable.js';

/** Every table of the session's database with its rows. */
export function DatabasePanel({ snapshot, error, onRefresh }: { snapshot?: DatabaseSnapshot; error?: string; onRefresh: () => void }) {
  const { t } = useI18n();
  return (
    <div className="database" data-testid="database">
      <div className="pane-toolbar">
        <span className="tabs__spacer" />
        <button type="button" className="small-button" onClick={onRefresh}>
          ↻ {t('refresh')}
        </button>
      </div>
      {error && <p className="error-text">⚠ {error}</p>}
      {!snapshot && !error && <p className="empty">{t('loading')}</p>}
      {snapshot?.tables.map((table) => (
        <section key={table.name} className="database__table">
          <h3>
            {table.name} <span className="muted">({table.rowCount} {t('rows')})</span>
          </h3>
          {table.rows.length === 0 ? (
            <p className="empty">{t('noRows')}</p>
          ) : (
            <RowsTable
              columns={table.columns.map((c) => c.name)}
              primaryKeys={table.columns.filter((c) => c.primaryKey).map((c) => c.name)}
              rows={table.rows}
              caption={`${table.name}: ${table.columns.map((c) => `${c.name} ${c.type}`).join(', ')}`}
            />
          )}
        </section>
      ))}
    </div>
  );
}
