import { isMap, isScalar, visit, type Document } from 'yaml';
import { fieldName } from './field-path.js';

/**
 * Texts cut short at an unquoted comma. In a flow mapping, `{ en: Refused, and kept, id: … }`
 * reads as `en: Refused` plus a key `and kept` with no value, which a schema that ignores unknown
 * keys lets through silently. A key without a value beside `en` or `id` is that mistake.
 */
export function splitTexts(document: Document, lineAt: (offset: number) => number, shownPath: string): { message: string }[] {
  const problems: { message: string }[] = [];
  visit(document, {
    Map(_, map, path) {
      if (!map.flow) return;
      const keys = map.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
      if (!keys.includes('en') && !keys.includes('id')) return;
      for (const pair of map.items) {
        const empty = pair.value === null || (isScalar(pair.value) && pair.value.value === null && pair.value.source === '');
        if (!empty || !isScalar(pair.key)) continue;
        const field = fieldName(fieldPath(path));
        problems.push({
          message: `${shownPath}:${lineAt(pair.key.range?.[0] ?? 0)} — ${field} — a text was cut at an unquoted comma before "${String(pair.key.value)}": put the text in quotes`,
        });
      }
    },
  });
  return problems;
}

/** ['checks', 3, 'title'] for the map being visited, from the nodes above it (list positions from 0). */
function fieldPath(path: readonly unknown[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (let i = 1; i < path.length; i++) {
    const node = path[i];
    const parent = path[i - 1];
    if (isMap(parent) || (node && typeof node === 'object' && 'key' in node)) {
      const key = (node as { key?: unknown }).key;
      if (isScalar(key)) out.push(String(key.value));
    } else if (parent && typeof parent === 'object' && 'items' in parent) {
      out.push((parent as { items: unknown[] }).items.indexOf(node));
    }
  }
  return out;
}
