import type { SandboxEvent, SandboxResponse } from './sandbox-types.js';

/**
 * The events a request always makes (enter, leave, query, respond), checked by hand where the
 * guest's payload enters the host: the same rules as `sandboxEventSchema` for the fields the guest
 * sent, at a fraction of zod's cost per call. The guest's JSON can be sabotaged (a prototype
 * `toJSON`), so nothing here trusts a shape; the other events are still checked with zod, and a
 * test holds these checks to the schema.
 */

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isValue = (v: unknown) => isText(v) || (Array.isArray(v) && v.every(isText));

/** A position: absent, null, or [line, column]. */
const isPosition = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 2 && isInt(v[0]) && isInt(v[1]));

function isLayer(layer: unknown): boolean {
  if (!isObject(layer)) return false;
  if (layer.kind === 'middleware') return isInt(layer.index) && isText(layer.name) && isText(layer.pattern);
  return layer.kind === 'handler' && isText(layer.method) && isText(layer.pattern) && isObject(layer.params) && Object.values(layer.params).every(isValue);
}

/** Whether an event built from the guest's payload has the shape the host keeps; null: not one of the hot events. */
export function guestEventFits(event: SandboxEvent): boolean | null {
  const e = event as unknown as Record<string, unknown>;
  if (typeof e.t !== 'number') return false;
  switch (event.type) {
    case 'enter':
      return isInt(e.id) && isPosition(e.at) && isLayer(e.layer);
    case 'leave':
      return isInt(e.id) && isBool(e.calledNext);
    case 'query':
      // The rest of a query step is the host's own (sql.js's result); what the guest sent is its SQL and place.
      return isText(e.sql) && isPosition(e.at) && (e.method === 'query' || e.method === 'run');
    default:
      return null;
  }
}

const optional = (v: unknown, test: (v: unknown) => boolean) => v === undefined || test(v);
const isSend = (v: unknown) => isObject(v) && (v.etag === 'weak' || v.etag === 'strong' || v.etag === false);
const isHeader = (h: unknown) => Array.isArray(h) && h.length === 2 && isText(h[0]) && isValue(h[1]);

/** The guest's response with only the fields the host reads (as zod's parse would strip the rest), or null when it does not fit. */
export function guestResponse(p: Record<string, unknown>): SandboxResponse | null {
  const { status, headers, body, base64, send, streamed } = p;
  if (!isInt(status) || !Array.isArray(headers) || !headers.every(isHeader) || !isText(body)) return null;
  if (!optional(base64, isBool) || !optional(streamed, isBool) || !optional(send, isSend)) return null;
  const response: SandboxResponse = { status, headers: headers as SandboxResponse['headers'], body };
  if (base64 !== undefined) response.base64 = base64 as boolean;
  if (send !== undefined) response.send = { etag: (send as { etag: 'weak' | 'strong' | false }).etag };
  if (streamed !== undefined) response.streamed = streamed as boolean;
  return response;
}
