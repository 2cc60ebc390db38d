/** One place where two JSON values differ: a path (`items[0].price`, '' for the whole value) and what is there on each side. */
export interface JsonChange {
  op: 'added' | 'removed' | 'changed';
  path: string;
  before?: unknown;
  after?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const join = (path: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`);

/**
 * The structural difference of two JSON values: keys added or removed, and the leaves (or values
 * of another type) that changed, each with its path. Arrays are compared index by index. At most
 * `max` changes are listed; `cut` says there were more.
 */
export function jsonDiff(before: unknown, after: unknown, max = 100): { changes: JsonChange[]; cut: boolean } {
  const changes: JsonChange[] = [];
  let cut = false;
  const add = (change: JsonChange) => {
    if (changes.length < max) changes.push(change);
    else cut = true;
  };
  const walk = (a: unknown, b: unknown, path: string) => {
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const at = `${path}[${i}]`;
        if (i >= b.length) add({ op: 'removed', path: at, before: a[i] });
        else if (i >= a.length) add({ op: 'added', path: at, after: b[i] });
        else walk(a[i], b[i], at);
      }
    } else if (isObject(a) && isObject(b)) {
      for (const key of Object.keys(a)) {
        if (!(key in b)) add({ op: 'removed', path: join(path, key), before: a[key] });
        else walk(a[key], b[key], join(path, key));
      }
      for (const key of Object.keys(b)) if (!(key in a)) add({ op: 'added', path: join(path, key), after: b[key] });
    } else if (!Object.is(a, b)) add({ op: 'changed', path, before: a, after: b });
  };
  walk(before, after, '');
  return { changes, cut };
}

/** Two JSON values are the same when nothing differs between them. */
export const sameJson = (a: unknown, b: unknown) => jsonDiff(a, b, 1).changes.length === 0;
