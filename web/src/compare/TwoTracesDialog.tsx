import { useEffect, useState } from 'react';
import type { Trace, TraceSummary } from '../../../server/contract/trace.js';
import { api } from '../api/client.js';
import { useI18n } from '../i18n/i18n-context.js';
import { CompareDialog } from './CompareDialog.js';
import { CompareView } from './CompareView.js';
import { useCompareWords } from './compare-words.js';

export interface TwoTracesDialogProps {
  sessionId: string;
  /** The older request first (A), then the newer (B). */
  ids: readonly [string, string];
  traces: TraceSummary[];
  onClose: () => void;
}

const describe = (trace: TraceSummary | undefined) => (trace ? `${trace.method} ${trace.url} · ${trace.status} · ${new Date(trace.startedAt).toLocaleTimeString()}` : '');

/** Two of the learner's requests, loaded whole and compared side by side. */
export default function TwoTracesDialog({ sessionId, ids, traces, onClose }: TwoTracesDialogProps) {
  const { t } = useI18n();
  const { w } = useCompareWords();
  const [loaded, setLoaded] = useState<{ pair: [Trace, Trace] } | { error: string }>();
  useEffect(() => {
    let stale = false;
    Promise.all([api.trace(sessionId, ids[0]), api.trace(sessionId, ids[1])]).then(
      (pair) => !stale && setLoaded({ pair }),
      (error: Error) => !stale && setLoaded({ error: error.message }),
    );
    return () => {
      stale = true;
    };
  }, [sessionId, ids]);
  const [a, b] = ids.map((id) => traces.find((trace) => trace.id === id));
  const intro = (
    <ul className="muted">
      <li>
        <strong>{w('runA')}</strong>: {describe(a)}
      </li>
      <li>
        <strong>{w('runB')}</strong>: {describe(b)}
      </li>
    </ul>
  );
  return (
    <CompareDialog title={w('compareRuns')} intro={intro} onClose={onClose}>
      {!loaded && <p>{t('loading')}</p>}
      {loaded && 'error' in loaded && (
        <p className="error-text" role="alert">
          ⚠ {w('compareFailed')} {loaded.error}
        </p>
      )}
      {loaded && 'pair' in loaded && <CompareView left={loaded.pair[0]} right={loaded.pair[1]} leftLabel={w('runA')} rightLabel={w('runB')} />}
    </CompareDialog>
  );
}
