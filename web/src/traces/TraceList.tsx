import type { TraceSummary } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';

/** Ticking traces to compare them: each gets a checkbox named `label` and the request. */
export interface TracePick {
  picked: readonly string[];
  onToggle: (id: string) => void;
  label: string;
}

/** The session's requests, newest first; the open one is marked. */
export function TraceList({ traces, currentId, onOpen, pick }: { traces: TraceSummary[]; currentId?: string; onOpen: (id: string) => void; pick?: TracePick }) {
  const { t } = useI18n();
  if (traces.length === 0) return <p className="empty">{t('noTraces')}</p>;
  return (
    <ol className="trace-list" aria-label={t('traces')} data-testid="trace-list">
      {traces.map((trace) => (
        <li key={trace.id} className={pick && 'trace-list__item'}>
          {pick && (
            <input
              type="checkbox"
              className="trace-list__pick"
              checked={pick.picked.includes(trace.id)}
              onChange={() => pick.onToggle(trace.id)}
              aria-label={`${pick.label}: ${trace.method} ${trace.url} · ${trace.status} · ${new Date(trace.startedAt).toLocaleTimeString()}`}
            />
          )}
          <button type="button" className={trace.id === currentId ? 'is-current' : ''} aria-current={trace.id === currentId ? 'true' : undefined} onClick={() => onOpen(trace.id)}>
            <span className={`method-tag method--${trace.method}`}>{trace.method}</span>
            <span className="trace-list__url">{trace.url}</span>
            <span className={trace.status >= 400 ? 'error-text' : 'ok-text'}>{trace.status}</span>
            {trace.origin === 'check' && <span className="badge badge--check">{t('fromCheck')}</span>}
            {trace.origin === 'startup' && <span className="badge badge--startup">{t('fromStartup')}</span>}
            <span className="trace-list__meta">
              {trace.stepCount} · {trace.durationMs.toFixed(1)} ms · {new Date(trace.startedAt).toLocaleTimeString()}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
