import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Trace, TraceSummary } from '../contract/trace.js';

/**
 * A trace as a session keeps it: its summary, and its JSON compressed.
 *
 * A school keeps fifty thousand traces (1,000 sessions × 50). As JSON strings they took ~4 KB of
 * heap each (V8 keeps JSON.stringify's output as a rope of parts until something flattens it),
 * ~200 MB that the garbage collector let grow to twice that. Compressed against a trace of the same
 * lesson, one is ~300 bytes: a lesson's traces repeat its headers, SQL and rows. The bytes are held
 * as a latin1 string (one byte per byte, on the heap): a small Buffer each would cost a pooled
 * slab's share and an ArrayBuffer besides. Reading one back (GET, search, compare) inflates it, ~20 µs.
 */
export class KeptTrace {
  readonly summary: TraceSummary;
  /** The JSON's length, for the session's bound on all its traces together. */
  readonly bytes: number;
  private readonly packed: string;

  constructor(
    trace: Trace,
    json: string,
    private readonly dictionary: Buffer,
  ) {
    this.summary = summarize(trace);
    this.bytes = json.length;
    this.packed = deflateRawSync(json, { level: 1, dictionary }).toString('latin1');
  }

  /** What it takes on the heap, near enough: its compressed bytes. */
  get packedBytes(): number {
    return this.packed.length;
  }

  get json(): string {
    return inflateRawSync(Buffer.from(this.packed, 'latin1'), { dictionary: this.dictionary }).toString();
  }
}

/**
 * What traces are compressed against: the first trace of the same lesson and origin recorded here
 * (a start-up trace looks like other start-ups, a request like other requests), its last 32 KB,
 * which is all of a dictionary deflate's window uses. Any text would do for correctness, since each
 * kept trace holds the dictionary it was packed with.
 */
export class TraceDictionaries {
  private readonly byKind = new Map<string, Buffer>();

  for(lessonId: string, trace: Trace, json: string): Buffer {
    const kind = `${lessonId} ${trace.origin}`;
    const known = this.byKind.get(kind);
    if (known) return known;
    const text = Buffer.from(json);
    const dictionary = text.length > DEFLATE_WINDOW ? Buffer.from(text.subarray(-DEFLATE_WINDOW)) : text;
    this.byKind.set(kind, dictionary);
    return dictionary;
  }
}

const DEFLATE_WINDOW = 32 * 1024;

/** One literal of one shape: fifty thousand of them in a school, so each field is a slot of its own. */
function summarize(trace: Trace): TraceSummary {
  const { id, sessionId, startedAt, method, url, status, durationMs, origin, steps } = trace;
  let queryCount = 0;
  let error: string | undefined;
  for (const step of steps) {
    if (step.kind === 'query') queryCount++;
    else if (step.kind === 'error' && error === undefined) error = step.data.message;
  }
  return { id, sessionId, startedAt, method, url, status, durationMs, origin, stepCount: steps.length, queryCount, error };
}
