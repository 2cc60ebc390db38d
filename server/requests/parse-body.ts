import { parse as parseQueryString } from 'node:querystring';

export type ParsedBody = { ok: true; body: unknown } | { ok: false; message: string; position?: number };

const MAX_DEPTH = 64;

/** Deepest nesting of a JSON text, counted without parsing it (so a deep bomb costs nothing). */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

/**
 * Parses a request body the way Express 5's built-in parsers do (json strict, urlencoded
 * simple, text), but keeps the parse error instead of throwing, so the trace can show it.
 * Other content types leave the body undefined, as in Express.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (raw.length === 0) return { ok: true, body: type === 'application/json' || type === 'application/x-www-form-urlencoded' ? {} : undefined };
  const text = raw.toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) {
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[') {
      return { ok: false, message: `Unexpected token ${JSON.stringify(first ?? '')} at the start of the JSON body: a JSON body must be an object or an array`, position: 0 };
    }
    if (jsonDepth(text) > MAX_DEPTH) return { ok: false, message: `JSON body is nested deeper than ${MAX_DEPTH} levels` };
    try {
      return { ok: true, body: JSON.parse(text) };
    } catch (error) {
      const message = (error as Error).message;
      const position = /position (\d+)/.exec(message)?.[1];
      return { ok: false, message, position: position === undefined ? undefined : Number(position) };
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { ok: true, body: { ...parseQueryString(text) } };
  if (type.startsWith('text/')) return { ok: true, body: text };
  return { ok: true, body: undefined };
}
