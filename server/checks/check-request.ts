import { parse as parseQueryString } from 'node:querystring';
import type { StepOf } from '../contract/trace.js';
import { parseBody } from '../requests/parse-body.js';
import type { CheckRequest } from '../lessons/check-files.js';
import type { SandboxRequest } from '../sandbox/sandbox-types.js';

export type Saved = Record<string, unknown>;

/** Replaces `{{name}}` with saved values; a string that is only `{{name}}` takes the value's own type. */
export function fillIn<T>(value: T, saved: Saved): T {
  if (typeof value === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(value);
    if (whole && whole[1]! in saved) return saved[whole[1]!] as T;
    return value.replace(/\{\{(\w+)\}\}/g, (text, name: string) => (name in saved ? String(saved[name]) : text)) as T;
  }
  if (Array.isArray(value)) return value.map((item) => fillIn(item, saved)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillIn(v, saved)])) as T;
  }
  return value;
}

/**
 * The request a check sends, as Express would have received it: the same body parsing as a
 * learner's request, so the learner's code cannot tell the two apart.
 */
export function toSandboxRequest(request: CheckRequest): { request: SandboxRequest; receive: StepOf<'receive'>['data'] } {
  const headers: Record<string, string> = { host: 'gudang-check', 'user-agent': 'gudang-check' };
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  let raw = '';
  if (request.body !== undefined) {
    raw = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    headers['content-type'] ??= typeof request.body === 'string' ? 'text/plain' : 'application/json';
    headers['content-length'] = String(Buffer.byteLength(raw));
  }
  const url = request.path;
  const question = url.indexOf('?');
  const path = question === -1 ? url : url.slice(0, question);
  const query = question === -1 ? {} : { ...parseQueryString(url.slice(question + 1)) };
  const parsed = parseBody(Buffer.from(raw), headers['content-type']);
  const body = parsed.ok ? parsed.body : undefined;
  return {
    request: { method: request.method, url, path, query, headers, body },
    receive: {
      method: request.method,
      url,
      path,
      query,
      headers,
      rawBody: raw.length > 0 ? raw : null,
      rawBodyTruncated: false,
      ...(parsed.ok ? { body } : { bodyError: { message: parsed.message, position: parsed.position } }),
    },
  };
}

/** Reads `status`, `body.a.b` or `headers.name` of a response, for `save`. */
export function pick(source: string, response: { status: number; headers: Record<string, string | string[]>; text: string }): unknown {
  if (source === 'status') return response.status;
  const [root, ...path] = source.split('.');
  if (root === 'headers') return response.headers[path.join('.').toLowerCase()];
  let value: unknown;
  try {
    value = JSON.parse(response.text);
  } catch {
    return undefined;
  }
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}
