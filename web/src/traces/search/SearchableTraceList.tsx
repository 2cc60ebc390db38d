import type { ReactNode } from 'react';
import type { TraceSummary } from '../../../../server/contract/trace.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { TraceList } from '../TraceList.js';
import { SearchFields } from './SearchFields.js';
import type { useTraceSearch } from './use-trace-search.js';

export interface SearchableTraceListProps {
  summaries: TraceSummary[];
  search: ReturnType<typeof useTraceSearch>;
  currentId?: string;
  onOpen: (id: string) => void;
  /** How the found traces are listed; the plain list unless given (the learner's page lists them to compare). */
  list?: (traces: TraceSummary[]) => ReactNode;
}

/** The trace list under its search: by SQL text, path, status or parameter value. */
export function SearchableTraceList({ summaries, search, currentId, onOpen, list }: SearchableTraceListProps) {
  const { t } = useI18n();
  const { draft, setDraft, results, settled, error } = search;
  const searching = search.search !== undefined;
  return (
    <div className="searchable-traces">
      {summaries.length > 0 && (
        <form role="search" className="pane-toolbar search-fields" aria-label={t('searchTraces')} onSubmit={(e) => e.preventDefault()}>
          <SearchFields label={t('searchTraces')} value={draft} onChange={setDraft} testId="trace-search" />
          <span role="status" className="muted" data-testid="trace-search-count">
            {searching && settled && results ? `${results.length} ${t('tracesMatching')}` : ''}
          </span>
        </form>
      )}
      {error && <p className="error-text">⚠ {error}</p>}
      {!results ? (
        <p className="empty">{t('loading')}</p>
      ) : searching && results.length === 0 ? (
        <p className="empty">{t('noTracesMatch')}</p>
      ) : (
        (list?.(results) ?? <TraceList traces={results} currentId={currentId} onOpen={onOpen} />)
      )}
    </div>
  );
}
