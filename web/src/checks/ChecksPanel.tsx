import type { Language } from '../../../server/contract/lesson.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { ChecksState } from './use-checks.js';

/** The outcome of the lesson's checks, each pass/fail with why; a failed one links to its trace. */
export function ChecksPanel({ state, language, code, onOpenTrace }: { state: ChecksState; language: Language; code: string; onOpenTrace: (traceId: string) => void }) {
  const { t } = useI18n();
  if (state.status === 'idle') return <p className="empty">{t('checksIntro')}</p>;
  if (state.status === 'running') return <p className="empty">{t('checking')}</p>;
  if (state.status === 'unavailable') return <p className="empty">{t('notAvailable')}</p>;
  if (state.status === 'failed') return <p className="error-text">⚠ {state.message}</p>;
  if (state.status === 'not_compiled')
    return (
      <p className="error-text" role="alert" data-testid="checks-not-compiled">
        ⚠ {t('compileError')}: {t('line')} {state.problem.line}:{state.problem.column} — {state.problem.message}
      </p>
    );
  const { report } = state;
  return (
    <div className="checks" data-testid="checks">
      <p className={report.passed === report.total ? 'ok-text' : 'error-text'} role="status">
        <strong>
          {report.passed}/{report.total}
        </strong>{' '}
        {t('passed')}
      </p>
      {state.code !== code && (
        <p className="checks__stale" role="note">
          {t('checksStale')}
        </p>
      )}
      <ul className="checks__list">
        {report.results.map((result) => (
          <li key={result.id} className={result.passed ? 'is-passed' : 'is-failed'}>
            <span className="checks__mark" aria-hidden="true">
              {result.passed ? '✓' : '✗'}
            </span>
            <div>
              <strong>{result.title[language]}</strong> <span className="visually-hidden">{result.passed ? t('passed') : t('failed')}</span>
              {result.message && <p>{result.message[language]}</p>}
              {!result.passed && result.traceId && (
                <button type="button" className="link-button" onClick={() => onOpenTrace(result.traceId!)}>
                  {t('openTrace')} →
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
