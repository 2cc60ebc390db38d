import type { Step } from '../../../server/contract/trace.js';

/** One row of the timeline: a single step, or a run of the same SQL repeated (the N+1 pattern). */
export interface TimelineRow {
  /** Index of the row's first step in the trace. */
  first: number;
  count: number;
  step: Step;
}

/** Groups consecutive query steps with identical SQL into one row with a count. */
export function groupSteps(steps: Step[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  steps.forEach((step, index) => {
    const last = rows[rows.length - 1];
    if (last && step.kind === 'query' && last.step.kind === 'query' && last.step.data.sql === step.data.sql) last.count++;
    else rows.push({ first: index, count: 1, step });
  });
  return rows;
}

/** The row holding step `index` (binary search: rows are ordered by `first`). */
export function rowIndexOf(rows: TimelineRow[], index: number): number {
  let low = 0;
  let high = rows.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (rows[mid]!.first <= index) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** How many queries of the trace ran exactly this SQL. */
export function sameQueryCount(steps: Step[], step: Step): number {
  if (step.kind !== 'query') return 0;
  return steps.reduce((n, s) => (s.kind === 'query' && s.data.sql === step.data.sql ? n + 1 : n), 0);
}

export type StepMove = 'first' | 'previous' | 'next' | 'last';

export function moveStep(current: number, total: number, move: StepMove): number {
  if (total === 0) return 0;
  const target = move === 'first' ? 0 : move === 'last' ? total - 1 : move === 'previous' ? current - 1 : current + 1;
  return Math.min(total - 1, Math.max(0, target));
}

/** Playback speeds offered, in steps per second. */
export const SPEEDS = [0.5, 1, 2, 4] as const;
