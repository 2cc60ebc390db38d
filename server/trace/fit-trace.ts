import type { Step, Trace } from '../contract/trace.js';
import { boundValue, type ValueBounds } from '../limits/bounds.js';

/** Ever tighter bounds for step data, tried in turn until the trace fits. */
const LEVELS: ValueBounds[] = [
  { string: 2048, items: 50, keys: 50, depth: 8 },
  { string: 512, items: 10, keys: 20, depth: 6 },
  { string: 128, items: 3, keys: 10, depth: 4 },
  { string: 32, items: 0, keys: 5, depth: 2 },
];

/** A field bounded; a write's changed rows cut shorter say they were cut, as the recording's own cap does. */
function boundField(key: string, value: unknown, bounds: ValueBounds): unknown {
  const bounded = boundValue(value, bounds);
  if (key !== 'changes') return bounded;
  const [before, after] = [value, bounded] as { rows: unknown[]; cut: boolean }[];
  return after!.rows.length < before!.rows.length ? { ...after, cut: true } : bounded;
}

/** Each field of a step's data bounded on its own: the fields the schema requires all stay. */
const withData = (step: Step, bounds: ValueBounds): Step => ({ ...step, data: Object.fromEntries(Object.entries(step.data).map(([key, value]) => [key, boundField(key, value, bounds)])) }) as Step;

/**
 * The trace as JSON of at most `maxBytes`. Steps were bounded one by one in the worker; a trace
 * of many steps can still be large, so its data is cut ever shorter, and as a last resort only
 * the first steps and the response are kept, with a warning step saying how many were left out.
 * Each level keeps the schema: strings stay strings, arrays arrays, records records.
 */
export function fitTrace(trace: Trace, maxBytes: number): { trace: Trace; json: string } {
  let json = JSON.stringify(trace);
  if (json.length <= maxBytes) return { trace, json };
  let fitted = trace;
  for (const bounds of LEVELS) {
    fitted = { ...trace, steps: trace.steps.map((step) => withData(step, bounds)) };
    json = JSON.stringify(fitted);
    if (json.length <= maxBytes) return { trace: fitted, json };
  }
  const smallest = fitted.steps;
  const last = smallest[smallest.length - 1]!;
  const perStep = Math.max(1, json.length / smallest.length);
  let keep = Math.max(1, Math.floor((maxBytes * 0.9) / perStep) - 2);
  for (;;) {
    const head = smallest.slice(0, Math.min(keep, smallest.length - 1));
    const omitted = smallest.length - 1 - head.length;
    const notice: Step = {
      kind: 'log',
      seq: 0,
      node: 'handler',
      startMs: last.startMs,
      durationMs: 0,
      data: { message: `Gudang kept the first ${head.length} of ${smallest.length} steps: ${omitted} more did not fit in a trace of ${Math.round(maxBytes / 1024)} KB`, level: 'warning' },
    };
    const steps = [...head, notice, last].map((step, seq) => ({ ...step, seq }) as Step);
    fitted = { ...trace, steps };
    json = JSON.stringify(fitted);
    if (json.length <= maxBytes || keep <= 1) return { trace: fitted, json };
    keep = Math.floor(keep / 2);
  }
}
