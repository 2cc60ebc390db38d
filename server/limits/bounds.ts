/**
 * Everything Gudang shows (error messages, stacks, log lines, SQL, parameters, rows, bodies) is
 * cut to a size before it enters a trace or a response, with a marker that says how much was cut,
 * so one hostile value can never cost the server its memory or the browser its tab.
 */
import { formatBytes } from '../contract/failure-words.js';

/** The marker put where text was cut. */
export const cutMarker = (omittedChars: number) => `… ${formatBytes(omittedChars)} more`;

const MARKER = /… (\d+(?:\.\d)?) (MB|KB|bytes) more$/;
const UNIT = { MB: 1024 * 1024, KB: 1024, bytes: 1 } as const;

/**
 * `text` cut to `max` characters, with a marker naming what is missing. Text cut before (in the
 * worker, then again to fit a trace) keeps counting what its first cut left out.
 */
export function clipText(text: string, max: number): string {
  const earlier = MARKER.exec(text.length > max ? text.slice(-24) : '');
  if (earlier) {
    const head = text.slice(0, text.length - earlier[0].length);
    if (head.length <= max) return text;
    return head.slice(0, max) + cutMarker(head.length - max + Number(earlier[1]) * UNIT[earlier[2] as keyof typeof UNIT]);
  }
  return text.length > max ? text.slice(0, max) + cutMarker(text.length - max) : text;
}

export interface ValueBounds {
  /** Characters kept of each string. */
  string: number;
  /** Items kept of each array (the rest are dropped: arrays keep their element type). */
  items: number;
  /** Keys kept of each object; the rest are summed up under the key "…". */
  keys: number;
  /** Nesting kept; deeper values become a marker string. */
  depth: number;
}

/** Bounds for values kept in a trace step (rows, parameters, bodies, service calls). */
export const TRACE_VALUE_BOUNDS: ValueBounds = { string: 2048, items: 50, keys: 50, depth: 8 };
/** Characters kept of SQL text, log lines and error messages in a trace. */
export const TRACE_TEXT_CHARS = 16 * 1024;

/** A JSON-like copy of `value` within `bounds`; never walks more than it keeps. */
export function boundValue(value: unknown, bounds: ValueBounds, depth = 0): unknown {
  if (typeof value === 'string') return clipText(value, bounds.string);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= bounds.depth) return '… (nested too deep to show)';
  if (Array.isArray(value)) return value.slice(0, bounds.items).map((item) => boundValue(item, bounds, depth + 1));
  const out: Record<string, unknown> = {};
  let kept = 0;
  let omitted = 0;
  for (const key in value as Record<string, unknown>) {
    if (!Object.hasOwn(value as object, key)) continue;
    if (kept >= bounds.keys) {
      omitted++;
      continue;
    }
    out[clipText(key, bounds.string)] = boundValue((value as Record<string, unknown>)[key], bounds, depth + 1);
    kept++;
  }
  if (omitted > 0) out['…'] = `${omitted} more`;
  return out;
}
