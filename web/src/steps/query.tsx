import type { StepOf } from '../../../server/contract/trace.js';
import { RowDiff } from '../database/RowDiff.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Code, Section } from '../inspector/inspector-parts.js';
import { RowsTable } from '../ui/RowsTable.js';
import { callerWords, countWords, lineWords, msWords, oneLine, type StepKindView } from './step-kind.js';

function QueryView({ step: { data }, sameQueryCount: repeated }: { step: StepOf<'query'>; sameQueryCount: number }) {
  const { t } = useI18n();
  const hasParams = data.params !== undefined && !(Array.isArray(data.params) && data.params.length === 0);
  return (
    <>
      {repeated > 1 && (
        <div className="callout callout--warn" role="note">
          <strong>
            ⚠ {t('repeated')} ×{repeated}
          </strong>
          <p>{t('repeatedHint')}</p>
        </div>
      )}
      <Section title={t('sql')}>
        <Code>{data.sql}</Code>
      </Section>
      {hasParams && (
        <Section title={t('parameters')}>
          <Code>{JSON.stringify(data.params)}</Code>
        </Section>
      )}
      {data.error && (
        <Section title={t('error')}>
          <p className="error-text">⚠ {data.error}</p>
        </Section>
      )}
      <Section title={data.method === 'run' ? `${t('rowsAffected')}: ${data.rowsAffected}` : `${t('result')}: ${data.rowCount} ${t('rows')}`}>
        {data.method === 'run' && data.lastInsertRowid !== undefined && <p>lastInsertRowid = {data.lastInsertRowid}</p>}
        {data.columns.length > 0 && <RowsTable columns={data.columns} rows={data.rows} caption={`${t('result')} (${data.rows.length}/${data.rowCount})`} />}
      </Section>
      {data.changes && (
        <Section title={t('rowsChanged')}>
          <RowDiff changes={data.changes} rollback={/^\s*ROLLBACK\b/i.test(data.sql)} />
        </Section>
      )}
      {data.plan && data.plan.length > 0 && (
        <Section title={t('queryPlan')}>
          <Code>{data.plan.join('\n')}</Code>
        </Section>
      )}
    </>
  );
}

/** A database statement: its SQL, parameters, rows and plan; the same SQL many times is N+1. */
export const queryStep: StepKindView<'query'> = {
  words: { en: 'Query', id: 'Kueri' },
  summary: (step) => oneLine(step.data.sql),
  narrate: (step, language, context) => {
    const { data } = step;
    const en = language === 'en';
    const asked = `${callerWords(context, language)} ${en ? 'asked the database' : 'bertanya ke database'}${lineWords(step.line, language)}`;
    const time = msWords(step.durationMs, language);
    if (data.error) return en ? `${asked}; it refused: ${data.error}` : `${asked}; database menolak: ${data.error}`;
    if (data.method === 'run')
      return en ? `${asked} to change data; ${countWords(data.rowsAffected, 'row', 'rows')} changed in ${time}` : `${asked} untuk mengubah data; ${data.rowsAffected} baris berubah dalam ${time}`;
    return en ? `${asked}; ${countWords(data.rowCount, 'row', 'rows')} came back in ${time}` : `${asked}; ${data.rowCount} baris kembali dalam ${time}`;
  },
  failed: (step) => Boolean(step.data.error),
  Inspector: QueryView,
};
