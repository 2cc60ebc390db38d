import type { Trace, TraceSummary } from '../../../server/contract/trace.js';

/** Ticks or unticks a trace; a third tick lets go of the oldest, so two are ticked at most. */
export const pickTrace = (picked: readonly string[], id: string): string[] => (picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id].slice(-2));

/**
 * The learner request "Show solution" compares: the open trace when the learner sent it, else
 * their newest one (a check's or a start-up's trace ran on other data or no request at all).
 */
export function traceToCompare(current: Trace | undefined, summaries: TraceSummary[]): string | undefined {
  if (current?.origin === 'learner') return current.id;
  return summaries.find((t) => t.origin === 'learner')?.id;
}
