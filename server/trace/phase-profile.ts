/**
 * Where a request's time goes, for `npm run bench` only: with GUDANG_PROFILE=1 the main thread and
 * the workers time each phase of every sandboxed request; otherwise every call here returns at once
 * (one boolean test), so the normal path pays nothing measurable.
 *
 * The main thread keeps one sample per request and phase; a worker adds up a request's phases
 * (a request makes several host calls) and sends the sums with its result, merged here.
 */
export const PROFILING = process.env.GUDANG_PROFILE === '1';

const samples = new Map<string, number[]>();

/** A start time for `phaseEnd`, or 0 when not profiling. */
export const phaseStart = (): number => (PROFILING ? performance.now() : 0);

/** Keeps one sample of `phase`: the time since `startedAt`, in µs. */
export function phaseEnd(phase: string, startedAt: number): void {
  if (PROFILING) sample(phase, (performance.now() - startedAt) * 1000);
}

/** Keeps one sample of `phase` in its own unit (µs, or a count). */
export function sample(phase: string, value: number): void {
  const list = samples.get(phase);
  if (list) list.push(value);
  else samples.set(phase, [value]);
}

/** A worker's sums for the request it is running: phases in µs, counts as they are. */
let running: Record<string, number> | null = null;

/** Starts adding up the phases of one request in a worker. */
export function requestBegin(): void {
  if (PROFILING) running = {};
}

/** Adds the time since `startedAt` to the running request's `phase`. */
export function requestAdd(phase: string, startedAt: number): void {
  if (running) running[phase] = (running[phase] ?? 0) + (performance.now() - startedAt) * 1000;
}

/** Adds `us` microseconds, measured elsewhere, to the running request's `phase`. */
export function requestAddUs(phase: string, us: number): void {
  if (running) running[phase] = (running[phase] ?? 0) + us;
}

/** Adds one to the running request's count of `name`. */
export function requestCount(name: string): void {
  if (running) running[name] = (running[name] ?? 0) + 1;
}

/** The running request's sums (undefined when not profiling), sent with its result. */
export function requestEnd(): Record<string, number> | undefined {
  const sums = running ?? undefined;
  running = null;
  return sums;
}

/** A worker's sums, kept on the main thread as one sample each. */
export function mergeWorkerPhases(sums: Record<string, number> | undefined): void {
  if (!sums) return;
  for (const [phase, value] of Object.entries(sums)) sample(`worker ${phase}`, value);
}

export interface PhaseRow {
  phase: string;
  samples: number;
  medianUs: number;
  p99Us: number;
  meanUs: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Every phase's median, p99 and mean since the last call, and starts afresh. */
export function takePhaseRows(): PhaseRow[] {
  const rows = [...samples].map(([phase, values]) => {
    const sorted = values.slice().sort((a, b) => a - b);
    return { phase, samples: sorted.length, medianUs: quantile(sorted, 0.5), p99Us: quantile(sorted, 0.99), meanUs: sorted.reduce((a, b) => a + b, 0) / sorted.length };
  });
  samples.clear();
  return rows;
}
