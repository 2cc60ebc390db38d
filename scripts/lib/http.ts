/** What a JSON API answered: the status, the headers, the text, and the JSON when it parses. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/**
 * One request for scripts and tests: an object body goes as JSON, a string as it is. The one fetch
 * helper of `scripts/` and `test/`, so each does not parse answers its own way.
 */
export async function requestJson(base: string, method: string, path: string, body?: unknown, init: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), signal: init.signal });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
