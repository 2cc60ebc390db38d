import { z } from 'zod';
import { httpMethodSchema, type SuggestedRequest } from '../../../server/contract/lesson.js';

export const HTTP_METHODS = httpMethodSchema.options;
export type HttpMethod = z.infer<typeof httpMethodSchema>;

export const keyValueSchema = z.object({ name: z.string(), value: z.string(), enabled: z.boolean() });
export type KeyValue = z.infer<typeof keyValueSchema>;

export const bodyModeSchema = z.enum(['none', 'json', 'form', 'text']);
export type BodyMode = z.infer<typeof bodyModeSchema>;

/** What the request panel edits; stored in history, so it has a schema. */
export const requestDraftSchema = z.object({
  method: httpMethodSchema,
  /** Path and query string inside the learner's app, e.g. /api/products?page=2 */
  path: z.string(),
  headers: z.array(keyValueSchema),
  bodyMode: bodyModeSchema,
  /** The JSON or text body. */
  body: z.string(),
  /** The form body's fields. */
  form: z.array(keyValueSchema),
});
export type RequestDraft = z.infer<typeof requestDraftSchema>;

export const emptyDraft = (): RequestDraft => ({ method: 'GET', path: '/', headers: [], bodyMode: 'none', body: '', form: [] });

export function draftFromSuggestion(suggestion: SuggestedRequest): RequestDraft {
  const headers = Object.entries(suggestion.headers).map(([name, value]) => ({ name, value, enabled: true }));
  const hasBody = suggestion.body !== undefined;
  return { method: suggestion.method, path: suggestion.path, headers, bodyMode: hasBody ? 'json' : 'none', body: hasBody ? JSON.stringify(suggestion.body, null, 2) : '', form: [] };
}

/** Splits `/a?x=1&y=2` into its path and editable parameter rows. */
export function splitQuery(path: string): { pathname: string; params: KeyValue[] } {
  const at = path.indexOf('?');
  if (at < 0) return { pathname: path, params: [] };
  const params = [...new URLSearchParams(path.slice(at + 1))].map(([name, value]) => ({ name, value, enabled: true }));
  return { pathname: path.slice(0, at), params };
}

/** The inverse of splitQuery; disabled and nameless rows are left out. */
export function joinQuery(pathname: string, params: KeyValue[]): string {
  const query = new URLSearchParams(params.filter((p) => p.enabled && p.name !== '').map((p) => [p.name, p.value])).toString();
  return query ? `${pathname}?${query}` : pathname;
}

export type JsonCheck = { ok: true } | { ok: false; message: string; line?: number; column?: number };

/** Validates a JSON body and says where it breaks, in line/column a learner can find. */
export function checkJson(text: string): JsonCheck {
  if (text.trim() === '') return { ok: true };
  try {
    JSON.parse(text);
    return { ok: true };
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    if (!position) return { ok: false, message };
    const before = text.slice(0, Number(position[1]));
    const lines = before.split('\n');
    return { ok: false, message, line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  }
}

export interface BuiltRequest {
  url: string;
  method: HttpMethod;
  headers: [string, string][];
  body?: string;
}

const hasHeader = (headers: [string, string][], name: string) => headers.some(([n]) => n.toLowerCase() === name);

const VALIDATORS = ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range'];

/**
 * How fetch must treat the browser's cache so the app sees just what the learner wrote: 'no-store'
 * keeps the browser's own validators out (and no cached 200 stands in for a 304), but Chromium then
 * drops validators the learner typed too; with one of theirs, 'default' sends it and hands back the 304,
 * since the fetch standard bypasses the cache for a request that carries its own.
 */
export const cacheModeFor = (request: BuiltRequest): RequestCache => (VALIDATORS.some((name) => hasHeader(request.headers, name)) ? 'default' : 'no-store');

/** The exact request the panel sends (and cURL repeats): headers, body and its content type. */
export function buildRequest(draft: RequestDraft, base: string): BuiltRequest {
  const headers: [string, string][] = draft.headers.filter((h) => h.enabled && h.name.trim() !== '').map((h) => [h.name.trim(), h.value]);
  const path = draft.path.startsWith('/') ? draft.path : `/${draft.path}`;
  const built: BuiltRequest = { url: base.replace(/\/$/, '') + path, method: draft.method, headers };
  if (draft.method === 'GET' || draft.bodyMode === 'none') return built;
  const [body, type] =
    draft.bodyMode === 'json'
      ? [draft.body, 'application/json']
      : draft.bodyMode === 'form'
        ? [new URLSearchParams(draft.form.filter((f) => f.enabled && f.name !== '').map((f) => [f.name, f.value])).toString(), 'application/x-www-form-urlencoded']
        : [draft.body, 'text/plain'];
  if (!hasHeader(headers, 'content-type')) headers.push(['Content-Type', type]);
  return { ...built, body };
}

/** Quotes for POSIX shells: single quotes, with ' written as '\'' */
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** A cURL command that sends the same request when pasted into a terminal. */
export function toCurl(draft: RequestDraft, base: string): string {
  const request = buildRequest(draft, base);
  const parts = ['curl'];
  if (request.method !== 'GET') parts.push('-X', request.method);
  parts.push(shellQuote(request.url));
  for (const [name, value] of request.headers) parts.push('-H', shellQuote(`${name}: ${value}`));
  if (request.body !== undefined) parts.push('--data-raw', shellQuote(request.body));
  return parts.join(' ');
}

export const formatBytes = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);
