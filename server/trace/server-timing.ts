import type { SandboxEvent } from '../sandbox/sandbox-types.js';

export interface TimingInput {
  /** Absolute ms: received by Express, handed to the sandbox (null when the body was refused), answered by it, about to be written. */
  receivedAt: number;
  dispatchedAt: number | null;
  answeredAt: number | null;
  writingAt: number;
  events: SandboxEvent[];
}

/** A desc is a quoted-string in a header: printable ASCII, `"` and `\` escaped, and short. */
const desc = (text: string) =>
  `;desc="${text
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 80)
    .replace(/["\\]/g, '\\$&')}"`;
const dur = (ms: number) => `;dur=${Math.round(Math.max(0, ms) * 10) / 10}`;

/**
 * The request's stages as a Server-Timing header value, so the browser's own DevTools (Network →
 * Timing) show where the time went: Express receiving it, the learner's handler, its queries, its
 * simulated outside services, and the whole. Bounded: queries and services are summed, never listed. Pure.
 */
export function serverTiming({ receivedAt, dispatchedAt, answeredAt, writingAt, events }: TimingInput): string {
  const entries = [`receive${dur((dispatchedAt ?? writingAt) - receivedAt)}`];
  if (dispatchedAt !== null && answeredAt !== null) {
    const route = events.find((e) => e.type === 'enter' && e.layer.kind === 'handler');
    const handled = route?.type === 'enter' && route.layer.kind === 'handler' ? desc(`${route.layer.method} ${route.layer.pattern}`) : '';
    entries.push(`handler${dur(answeredAt - dispatchedAt)}${handled}`);
  }
  const queries = events.filter((e) => e.type === 'query');
  if (queries.length > 0) entries.push(`db${dur(queries.reduce((sum, q) => sum + q.durationMs, 0))}${desc(queries.length === 1 ? '1 query' : `${queries.length} queries`)}`);
  const calls = events.filter((e) => e.type === 'external');
  if (calls.length > 0) {
    const services = [...new Set(calls.map((c) => c.service))].join(', ');
    entries.push(`external${dur(calls.reduce((sum, c) => sum + c.durationMs, 0))}${desc(`${calls.length} simulated call${calls.length === 1 ? '' : 's'}: ${services}`)}`);
  }
  entries.push(`total${dur(writingAt - receivedAt)}`);
  return entries.join(', ');
}
