import type { Failure } from '../contract/failure.js';
import { failures } from '../limits/failures.js';

/** How many response headers, and how many bytes of them, one response may carry. */
export interface HeaderLimits {
  /** @default 100 */
  count: number;
  /** Every header line, Gudang's own included. @default 16 KiB (Node's fetch refuses more) */
  bytes: number;
}

/**
 * Headers that frame the HTTP message or the connection. They are Gudang's, never the learner's:
 * a learner's Content-Length or Transfer-Encoding would cut the body short or run it into the
 * next response on a kept-alive connection; Content-Encoding would make the body unreadable.
 */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'proxy-connection', 'upgrade', 'trailer', 'te', 'http2-settings', 'content-encoding']);

/** What Node and Express add when they write (status line, Date, Connection, Keep-Alive, Content-Length, ETag), with room to spare. */
const WRITER_HEADERS = { count: 6, bytes: 256 };

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FORBIDDEN_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

export type HeaderValue = string | string[];
export type CheckedHeaders = { ok: true; headers: [string, HeaderValue][]; warnings: string[]; optionalFit: boolean } | { ok: false; failure: Failure };

const lineBytes = (name: string, value: string) => Buffer.byteLength(name, 'latin1') + Buffer.byteLength(value, 'latin1') + 4;

/** `start` plus the header lines `headers` make, one per value. */
function measure(headers: [string, HeaderValue][], start: { count: number; bytes: number }) {
  let { count, bytes } = start;
  for (const [name, value] of headers) {
    for (const v of [value].flat()) {
      count++;
      bytes += lineBytes(name, v);
    }
  }
  return { count, bytes };
}

/**
 * The learner's response headers as Gudang will send them: framing headers dropped (each with a
 * warning for the trace), names and values Node would refuse or a client would misread refused,
 * and the whole set, `extra` (Gudang's own) and what the writer adds included, within `limits`.
 * `optional` headers (Gudang's Server-Timing) are sent only when they fit too (`optionalFit`): they
 * never turn a learner's response into an error.
 * Every route that sets a header in the sandbox (res.set with an object or an array, append,
 * header, type, redirect...) ends in this one list, so this is where they are checked.
 */
export function checkResponseHeaders(headers: [string, HeaderValue][], extra: [string, HeaderValue][], limits: HeaderLimits, optional: [string, HeaderValue][] = []): CheckedHeaders {
  const kept: [string, HeaderValue][] = [];
  const dropped = new Set<string>();
  for (const [name, value] of headers) {
    if (!TOKEN.test(name)) return { ok: false, failure: failures.invalidResponse(`a header name is not valid: ${JSON.stringify(name.slice(0, 100))}`) };
    for (const v of [value].flat()) {
      if (FORBIDDEN_VALUE.test(v)) return { ok: false, failure: failures.invalidResponse(`the header "${name}" has a line break or control character in its value, which HTTP does not allow`) };
    }
    if (FRAMING.has(name.toLowerCase())) dropped.add(name);
    else kept.push([name, value]);
  }
  const { count, bytes } = measure([...kept, ...extra], WRITER_HEADERS);
  if (count > limits.count) return { ok: false, failure: failures.tooManyHeaders(limits.count, count) };
  if (bytes > limits.bytes) return { ok: false, failure: failures.headersTooLarge(limits.bytes, bytes) };
  const all = measure(optional, { count, bytes });
  const warnings = [...dropped].map(
    (name) => `Gudang dropped your "${name}" header: the server frames every response itself (Content-Length, Transfer-Encoding, Connection and the like are never set by route code)`,
  );
  return { ok: true, headers: kept, warnings, optionalFit: all.count <= limits.count && all.bytes <= limits.bytes };
}
