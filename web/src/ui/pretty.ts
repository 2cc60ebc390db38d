/** JSON text pretty-printed when it parses, as is otherwise. */
export function prettyBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export const prettyValue = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** Header records as sorted lines. */
export const headerLines = (headers: Record<string, string | string[]>) =>
  Object.entries(headers)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value] as const);
