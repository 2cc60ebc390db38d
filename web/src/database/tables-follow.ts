import type { Trace, TraceSummary } from '../../../server/contract/trace.js';

/**
 * Whether the snapshot (taken after the newest request) can be rolled back to the steps of
 * `trace`: only when no later request may have written since, and the trace ran on the session's
 * own database (a check runs on a copy). Otherwise the panel says it shows the tables as they are now.
 */
export function tablesFollow(trace: Trace | undefined, summaries: TraceSummary[], loading: boolean): TablesFollow {
  if (!trace) return 'now';
  if (loading) return 'loading';
  const index = summaries.findIndex((s) => s.id === trace.id);
  const newest = index !== -1 && summaries.slice(0, index).every((later) => later.origin === 'check' || later.queryCount === 0);
  return trace.origin !== 'check' && newest ? 'steps' : 'now';
}

/** `steps`: the tables follow the stepper; `now`: they are as they are now; `loading`: a refresh is on its way. */
export type TablesFollow = 'steps' | 'now' | 'loading';
