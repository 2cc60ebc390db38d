import { useEffect, useState } from 'react';
import { traceSearchSchema, type TraceSearch } from '../../../../server/contract/trace-search.js';
import type { TraceSummary } from '../../../../server/contract/trace.js';
import type { SessionCall } from '../../session/session-client.js';
import { searchTraces } from './search-api.js';
import { EMPTY_SEARCH, type SearchDraft } from './SearchFields.js';

/** The search as the server takes it, or undefined while there is nothing to search for. */
export const searchOf = (draft: SearchDraft): TraceSearch | undefined => {
  const parsed = traceSearchSchema.safeParse(draft);
  return parsed.success ? parsed.data : undefined;
};

/**
 * The trace list's search: the server searches every kept trace's steps (the page holds only
 * summaries of the older ones). Asked again when a trace arrives; an older answer never replaces a newer one.
 */
export function useTraceSearch(sessionId: string | undefined, summaries: TraceSummary[], call: SessionCall) {
  const [draft, setDraft] = useState<SearchDraft>(EMPTY_SEARCH);
  const [found, setFound] = useState<{ for: string; traces: TraceSummary[] }>();
  const [error, setError] = useState<string>();
  const search = searchOf(draft);
  const key = search && JSON.stringify(search);
  const newest = summaries[0]?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new trace (newest) is when to ask again
  useEffect(() => {
    if (!sessionId || !search || !key) return;
    let current = true;
    call((id) => searchTraces(id, search)).then(
      ({ traces }) => {
        if (!current) return;
        setFound({ for: key, traces });
        setError(undefined);
      },
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [sessionId, key, newest, call]);
  // While the answer to a changed search is on its way, the last one stays on screen.
  const results = search ? found?.traces : summaries;
  const settled = !search || found?.for === key;
  return { draft, setDraft, search, results, settled, error };
}
