import type { Step } from './trace.js';

/** A stage the learner can predict: the handler, the database or an outside service (`service:<name>`). */
export type Stage = 'handler' | 'database' | `service:${string}`;

const stageOf = (step: Step): Stage | undefined => (step.node === 'handler' || step.node === 'database' || step.node.startsWith('service:') ? (step.node as Stage) : undefined);

/** The stages the trace reached. */
export const reachedStages = (steps: Step[]): Set<Stage> => new Set(steps.flatMap((s) => stageOf(s) ?? []));

/** The index of the last query step that read rows with `db.query` (-1 when none did). */
export function lastSelect(steps: Step[]): number {
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind === 'query' && step.data.method === 'query' && !step.data.error) return i;
  }
  return -1;
}

/** Rows the last `db.query` returned; 0 when none ran. */
export function rowsOfLastSelect(steps: Step[]): number {
  const step = steps[lastSelect(steps)];
  return step?.kind === 'query' ? step.data.rowCount : 0;
}

/** How many times the request asked the database (every query step, BEGIN and COMMIT included). */
export const queryCount = (steps: Step[]): number => steps.filter((s) => s.kind === 'query').length;

/**
 * What a trace answers to each question predict mode can ask: the browser scores the learner
 * against it, and lessons:check holds a lesson's prompt to what the solution's trace says.
 */
export function traceAnswers(steps: Step[], status: number) {
  return { status, stages: reachedStages(steps), rows: rowsOfLastSelect(steps), queries: queryCount(steps) };
}
