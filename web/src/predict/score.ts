import { queryCount, reachedStages, rowsOfLastSelect, lastSelect, type Stage } from '../../../server/contract/predict-answers.js';
import type { Step } from '../../../server/contract/trace.js';

export { reachedStages, type Stage };

export interface Prediction {
  /** The status code they expect; undefined when they left it open. */
  status?: number;
  /** The stages offered in the question (the rest of the diagram is not asked about). */
  offered: Stage[];
  /** Of `offered`, those they expect the request to reach. */
  stages: Stage[];
  /** How many rows they expect the last SELECT to return, when the lesson asked. */
  rows?: number;
  /** How many queries they expect the request to run, when the lesson asked. */
  queries?: number;
}

/** Where the request really stopped: the middleware that did not call next(), an error, or the response. */
export type Stopper = { kind: 'middleware'; name: string } | { kind: 'error' } | { kind: 'respond' };

/** One difference between the prediction and the trace, tied to the step that shows it. */
export type Mark =
  /** They expected `stage` to run; the request never got there and `stopper` answered `status`. */
  | { type: 'missed'; step: number; stage: Stage; stopper: Stopper; status: number }
  /** They expected `stage` not to run; this step is it running. */
  | { type: 'unexpected'; step: number; stage: Stage }
  /** They expected `predicted`; the response carried `actual`. */
  | { type: 'status'; step: number; predicted: number; actual: number }
  /** They expected `predicted` rows from the last SELECT; it returned `actual` (on that query, or the response when none ran). */
  | { type: 'rows'; step: number; predicted: number; actual: number }
  /** They expected `predicted` queries; the request ran `actual` (marked on the last query, or the response when none ran). */
  | { type: 'queries'; step: number; predicted: number; actual: number };

/** A number the learner guessed, against the trace's. */
export interface CountScore {
  right: boolean;
  predicted: number;
  actual: number;
}

export interface Score {
  /** undefined: not answered. */
  status?: CountScore;
  stages: { right: boolean; wrong: Stage[] };
  /** undefined: not asked. */
  rows?: CountScore;
  /** undefined: not asked. */
  queries?: CountScore;
  marks: Mark[];
}

/** The step that ended the request's way in: a middleware that stopped it, else the first error, else the response. */
function stopIn(steps: Step[]): { step: number; stopper: Stopper } {
  const blocked = steps.findIndex((s) => s.kind === 'middleware' && !s.data.calledNext);
  const blocker = steps[blocked];
  if (blocker?.kind === 'middleware') return { step: blocked, stopper: { kind: 'middleware', name: blocker.data.name } };
  const failed = steps.findIndex((s) => s.kind === 'error');
  if (failed >= 0) return { step: failed, stopper: { kind: 'error' } };
  return {
    step: Math.max(
      0,
      steps.findIndex((s) => s.kind === 'respond'),
    ),
    stopper: { kind: 'respond' },
  };
}

/**
 * What was right and wrong of a prediction against the trace it was made for. A stage is right when
 * the learner's tick matches whether the trace reached it; the status when it is the response's.
 */
export function scorePrediction(prediction: Prediction, steps: Step[], status: number): Score {
  const reached = reachedStages(steps);
  const marks: Mark[] = [];
  const wrong: Stage[] = [];
  const stop = stopIn(steps);
  for (const stage of prediction.offered) {
    const expected = prediction.stages.includes(stage);
    if (expected === reached.has(stage)) continue;
    wrong.push(stage);
    if (expected) marks.push({ type: 'missed', step: stop.step, stage, stopper: stop.stopper, status });
    else marks.push({ type: 'unexpected', step: steps.findIndex((s) => s.node === stage), stage });
  }
  const score: Score = { stages: { right: wrong.length === 0, wrong }, marks };
  if (prediction.status !== undefined) {
    score.status = { right: prediction.status === status, predicted: prediction.status, actual: status };
    const respond = steps.findIndex((s) => s.kind === 'respond');
    if (!score.status.right) marks.push({ type: 'status', step: respond >= 0 ? respond : steps.length - 1, predicted: prediction.status, actual: status });
  }
  const lastStep = Math.max(0, steps.length - 1);
  if (prediction.rows !== undefined) {
    const last = lastSelect(steps);
    score.rows = countScore(prediction.rows, rowsOfLastSelect(steps));
    if (!score.rows.right) marks.push({ type: 'rows', step: last >= 0 ? last : lastStep, predicted: prediction.rows, actual: score.rows.actual });
  }
  if (prediction.queries !== undefined) {
    const last = steps.findLastIndex((s) => s.kind === 'query');
    score.queries = countScore(prediction.queries, queryCount(steps));
    if (!score.queries.right) marks.push({ type: 'queries', step: last >= 0 ? last : lastStep, predicted: prediction.queries, actual: score.queries.actual });
  }
  marks.sort((a, b) => a.step - b.step);
  return score;
}

const countScore = (predicted: number, actual: number): CountScore => ({ right: predicted === actual, predicted, actual });

/** How many of the questions the learner answered were right: each of status, stages, rows and queries counts once. */
export function answersRight(score: Score): { right: number; total: number } {
  const answered = [score.status, score.stages, score.rows, score.queries].filter((answer) => answer !== undefined);
  return { right: answered.filter((answer) => answer.right).length, total: answered.length };
}

/** The marks on step `index`. */
export const marksAt = (score: Score, index: number): Mark[] => score.marks.filter((m) => m.step === index);

/** Status codes offered when the lesson names none. */
export const COMMON_STATUSES = [200, 201, 400, 401, 403, 404, 500] as const;

/** A typed count of rows, if it is one. */
export function parseCount(text: string): number | undefined {
  return /^\s*\d{1,6}\s*$/.test(text) ? Number(text) : undefined;
}

/** A typed status code, if it is one (100–599). */
export function parseStatus(text: string): number | undefined {
  if (!/^\s*\d{3}\s*$/.test(text)) return undefined;
  const code = Number(text);
  return code >= 100 && code <= 599 ? code : undefined;
}
