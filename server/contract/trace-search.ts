import { z } from 'zod';
import type { Step, Trace, TraceSummary } from './trace.js';

/** Where a search looks: everywhere, or only at SQL text, the request's path, the status or parameter values. */
export const traceSearchFieldSchema = z.enum(['any', 'sql', 'path', 'status', 'param']);
export type TraceSearchField = z.infer<typeof traceSearchFieldSchema>;

/** `GET /api/sessions/:id/traces?q=…&in=…`: the kept traces that match, newest first. */
export const traceSearchSchema = z.strictObject({
  q: z.string().trim().min(1, 'say what to search for').max(200, 'at most 200 characters'),
  in: traceSearchFieldSchema.default('any'),
});
export type TraceSearch = z.infer<typeof traceSearchSchema>;

/** Case and runs of white space do not matter: SQL is often written over several lines. */
const normal = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');
const contains = (text: string, q: string) => normal(text).includes(normal(q));

/**
 * A status by its number (`404`) or class (`4xx`); where only the status is searched, its first
 * digits too (`4`, `40`). Elsewhere a full pattern is needed, or every `2` would find every 200.
 */
export function statusMatches(status: number, q: string, prefix: boolean): boolean {
  const pattern = q.trim().toLowerCase();
  if (!/^[1-5][0-9x]{0,2}$/.test(pattern) || (!prefix && pattern.length < 3)) return false;
  return new RegExp(`^${pattern.replace(/x/g, '\\d')}`).test(String(status));
}

/** Every text, number and boolean inside a parameter value (SQL's `?` list, `:id`, the query string). */
function valuesOf(value: unknown, depth = 0): string[] {
  if (value === null || value === undefined || depth > 4) return [];
  if (typeof value === 'object') return Object.values(value).flatMap((inner) => valuesOf(inner, depth + 1));
  return [String(value)];
}
const anyValue = (value: unknown, q: string) => valuesOf(value).some((text) => contains(text, q));

/** Whether one step is what the search asks for: a query's SQL or parameters, the received path, the sent status. */
export function stepMatches(step: Step, { q, in: field }: TraceSearch): boolean {
  const looks = (at: TraceSearchField) => field === 'any' || field === at;
  switch (step.kind) {
    case 'query':
      return (looks('sql') && contains(step.data.sql, q)) || (looks('param') && anyValue(step.data.params, q));
    case 'receive':
      return (looks('path') && contains(step.data.path, q)) || (looks('param') && anyValue(step.data.query, q));
    case 'process':
      return (looks('path') && contains(step.data.pattern, q)) || (looks('param') && anyValue(step.data.params, q));
    case 'respond':
      return looks('status') && statusMatches(step.data.status, q, field === 'status');
    default:
      return false;
  }
}

/** The indexes of the steps that match, in order. */
export const matchingSteps = (steps: Step[], search: TraceSearch): number[] => steps.flatMap((step, i) => (stepMatches(step, search) ? [i] : []));

/** A trace matches by one of its steps, or by its URL or status (a start-up trace has no receive step). */
export function traceMatches(trace: Trace, search: TraceSearch): boolean {
  return summaryMatches(trace, search) || trace.steps.some((step) => stepMatches(step, search));
}

function summaryMatches(trace: Pick<TraceSummary, 'url' | 'status'>, { q, in: field }: TraceSearch): boolean {
  return ((field === 'any' || field === 'path') && contains(trace.url, q)) || ((field === 'any' || field === 'status') && statusMatches(trace.status, q, field === 'status'));
}
