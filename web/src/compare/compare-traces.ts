import type { Step, StepOf, Trace } from '../../../server/contract/trace.js';
import { type AlignedPair, alignSteps } from './align-steps.js';
import { type JsonChange, jsonDiff, sameJson } from './json-diff.js';

/** What can differ between two steps of the same stage; the compare view words each one. */
export type StepField = 'request' | 'params' | 'rows' | 'rowsAffected' | 'changes' | 'error' | 'response' | 'ok' | 'message' | 'calledNext' | 'status' | 'body' | 'timing';

/** A line of the comparison: `only-left`/`only-right` is a stage one run reached and the other did not. */
export interface ComparedPair extends AlignedPair {
  verdict: 'same' | 'differs' | 'only-left' | 'only-right';
  /** The fields that differ, for a pair present in both runs. */
  fields: StepField[];
}

export interface BodyComparison {
  /** Both bodies are JSON: `changes` is their structural diff. */
  json: boolean;
  same: boolean;
  changes: JsonChange[];
  cut: boolean;
  left: string;
  right: string;
}

export interface TraceComparison {
  pairs: ComparedPair[];
  status: { left: number; right: number; same: boolean };
  duration: { left: number; right: number; same: boolean };
  queries: { left: number; right: number; same: boolean };
  body: BodyComparison;
  /** Lines and summary rows that differ, timing left out (two runs are never equally fast). */
  differences: number;
}

/**
 * Two durations differ enough to say so when one is at least twice the other and they are a
 * millisecond apart: smaller gaps are the noise of a shared machine, not the code.
 */
export const timingDiffers = (a: number, b: number) => Math.abs(a - b) >= 1 && Math.max(a, b) >= 2 * Math.min(a, b);

type Check<K extends Step['kind']> = (a: StepOf<K>['data'], b: StepOf<K>['data']) => StepField[];
const when = (differs: boolean, field: StepField): StepField[] => (differs ? [field] : []);

const fieldChecks: { [K in Step['kind']]: Check<K> } = {
  receive: (a, b) => when(a.url !== b.url || a.method !== b.method || !sameJson(a.body, b.body), 'request'),
  middleware: (a, b) => when(a.calledNext !== b.calledNext, 'calledNext'),
  process: (a, b) => when(!sameJson(a.params, b.params), 'params'),
  query: (a, b) => [
    ...when(!sameJson(a.params, b.params), 'params'),
    ...when(a.method === 'query' && (a.rowCount !== b.rowCount || !sameJson(a.rows, b.rows)), 'rows'),
    ...when(a.method === 'run' && a.rowsAffected !== b.rowsAffected, 'rowsAffected'),
    ...when(!sameJson(a.changes?.rows ?? [], b.changes?.rows ?? []), 'changes'),
    ...when(a.error !== b.error, 'error'),
  ],
  log: (a, b) => when(a.message !== b.message, 'message'),
  external: (a, b) => [...when(!sameJson(a.request, b.request), 'request'), ...when(!sameJson(a.response, b.response), 'response'), ...when(a.ok !== b.ok, 'ok')],
  error: (a, b) => when(a.code !== b.code || a.message !== b.message, 'error'),
  respond: (a, b) => [...when(a.status !== b.status, 'status'), ...when(a.body !== b.body, 'body')],
};

/** What differs between two steps of the same kind; timing last, and only when it is not noise. */
export function stepFields(a: Step, b: Step): StepField[] {
  const check = fieldChecks[a.kind] as Check<Step['kind']>;
  return [...(a.kind === b.kind ? check(a.data, b.data) : []), ...when(timingDiffers(a.durationMs, b.durationMs), 'timing')];
}

const respondOf = (trace: Trace) => trace.steps.findLast((s): s is StepOf<'respond'> => s.kind === 'respond');

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The response bodies: a structural diff when both are JSON, else whether the text is the same. */
export function compareBodies(left: string, right: string): BodyComparison {
  const a = parseJson(left);
  const b = parseJson(right);
  if (a.ok && b.ok) {
    const { changes, cut } = jsonDiff(a.value, b.value);
    return { json: true, same: changes.length === 0, changes, cut, left, right };
  }
  return { json: false, same: left === right, changes: [], cut: false, left, right };
}

const queryCount = (trace: Trace) => trace.steps.filter((s) => s.kind === 'query').length;

/** Two runs side by side: their steps aligned by stage and SQL, and what differs between them. */
export function compareTraces(left: Trace, right: Trace): TraceComparison {
  const pairs: ComparedPair[] = alignSteps(left.steps, right.steps).map((pair) => {
    if (!pair.right) return { ...pair, verdict: 'only-left', fields: [] };
    if (!pair.left) return { ...pair, verdict: 'only-right', fields: [] };
    const fields = stepFields(pair.left, pair.right);
    return { ...pair, verdict: fields.some((f) => f !== 'timing') ? 'differs' : 'same', fields };
  });
  const status = { left: left.status, right: right.status, same: left.status === right.status };
  const queries = { left: queryCount(left), right: queryCount(right), same: queryCount(left) === queryCount(right) };
  const duration = { left: left.durationMs, right: right.durationMs, same: !timingDiffers(left.durationMs, right.durationMs) };
  const body = compareBodies(respondOf(left)?.data.body ?? '', respondOf(right)?.data.body ?? '');
  const differences = pairs.filter((p) => p.verdict !== 'same').length + [status.same, queries.same, body.same].filter((same) => !same).length;
  return { pairs, status, duration, queries, body, differences };
}
