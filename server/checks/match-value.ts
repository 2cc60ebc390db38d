import type { Bilingual } from '../contract/lesson.js';

/** Why a value did not match, in both languages, with where it happened (`body.items.0.price`). */
export interface Mismatch {
  at: string;
  en: string;
  id: string;
}

const show = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};
const showId = (value: unknown) => (value === undefined ? 'tidak ada' : show(value));

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

const miss = (at: string, en: string, id: string): Mismatch => ({ at, en, id });
const differ = (at: string, expected: string, expectedId: string, actual: unknown): Mismatch =>
  miss(at, `expected ${expected}, got ${show(actual)}`, `seharusnya ${expectedId}, tetapi ${showId(actual)}`);

/**
 * Matches `actual` against a value pattern (see valuePatternSchema) and returns the first
 * mismatch, or null. Pure: checks and the lessons:check script share it.
 */
export function matchValue(pattern: unknown, actual: unknown, at = 'body'): Mismatch | null {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual)) return differ(at, `a list of ${pattern.length}`, `daftar berisi ${pattern.length}`, actual);
    if (actual.length !== pattern.length) {
      return miss(at, `expected ${pattern.length} items, got ${actual.length}`, `seharusnya ${pattern.length} item, tetapi ada ${actual.length}`);
    }
    for (let i = 0; i < pattern.length; i++) {
      const found = matchValue(pattern[i], actual[i], `${at}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (typeof pattern === 'object' && pattern !== null) {
    const entries = Object.entries(pattern);
    const operators = entries.filter(([key]) => key.startsWith('$'));
    const fields = entries.filter(([key]) => !key.startsWith('$'));
    const found = operators.length > 0 ? matchOperators(Object.fromEntries(operators), actual, at) : null;
    if (found || (operators.length > 0 && fields.length === 0)) return found;
    const byIndex = Array.isArray(actual) && fields.every(([key]) => /^\d+$/.test(key));
    if (typeOf(actual) !== 'object' && !byIndex) return differ(at, 'an object', 'sebuah objek', actual);
    const record = actual as Record<string, unknown>;
    for (const [key, expected] of fields) {
      const inner = matchValue(expected, record[key], `${at}.${key}`);
      if (inner) return inner;
    }
    return null;
  }
  return Object.is(pattern, actual) || pattern === actual ? null : differ(at, show(pattern), show(pattern), actual);
}

function matchOperators(ops: Record<string, unknown>, actual: unknown, at: string): Mismatch | null {
  for (const [op, arg] of Object.entries(ops)) {
    const found = matchOperator(op, arg, actual, at);
    if (found) return found;
  }
  return null;
}

function lengthOf(actual: unknown): number | null {
  return Array.isArray(actual) || typeof actual === 'string' ? actual.length : null;
}

function matchOperator(op: string, arg: unknown, actual: unknown, at: string): Mismatch | null {
  switch (op) {
    case '$type':
      return typeOf(actual) === arg ? null : differ(at, `a value of type ${String(arg)}`, `nilai bertipe ${String(arg)}`, actual);
    case '$absent':
      return (actual === undefined) === Boolean(arg)
        ? null
        : arg
          ? differ(at, 'no such field', 'field ini tidak ada', actual)
          : miss(at, 'expected this field, it is missing', 'field ini seharusnya ada, tetapi tidak ada');
    case '$length':
    case '$minLength':
    case '$maxLength': {
      const length = lengthOf(actual);
      const n = Number(arg);
      const ok = length !== null && (op === '$length' ? length === n : op === '$minLength' ? length >= n : length <= n);
      if (ok) return null;
      const word = { $length: ['exactly', 'tepat'], $minLength: ['at least', 'paling sedikit'], $maxLength: ['at most', 'paling banyak'] }[op]!;
      return miss(at, `expected ${word[0]} ${n} items, got ${length ?? show(actual)}`, `seharusnya ${word[1]} ${n} item, tetapi ${length ?? showId(actual)}`);
    }
    case '$every':
    case '$some': {
      if (!Array.isArray(actual)) return differ(at, 'a list', 'sebuah daftar', actual);
      const results = actual.map((item, i) => matchValue(arg, item, `${at}.${i}`));
      if (op === '$every') return results.find((r) => r !== null) ?? null;
      return results.some((r) => r === null) ? null : miss(at, `expected an item matching ${show(arg)}, found none`, `seharusnya ada item yang cocok dengan ${show(arg)}, tetapi tidak ada`);
    }
    case '$includes':
    case '$excludes': {
      const text = typeof actual === 'string' ? actual : JSON.stringify(actual ?? null);
      const has = text.toLowerCase().includes(String(arg).toLowerCase());
      if (op === '$includes') return has ? null : differ(at, `text containing ${show(arg)}`, `teks yang memuat ${show(arg)}`, actual);
      return has ? miss(at, `must not contain ${show(arg)}, but it does`, `tidak boleh memuat ${show(arg)}, tetapi memuatnya`) : null;
    }
    case '$gte':
      return typeof actual === 'number' && actual >= Number(arg) ? null : differ(at, `a number ≥ ${String(arg)}`, `angka ≥ ${String(arg)}`, actual);
    case '$lte':
      return typeof actual === 'number' && actual <= Number(arg) ? null : differ(at, `a number ≤ ${String(arg)}`, `angka ≤ ${String(arg)}`, actual);
    case '$not':
      return matchValue(arg, actual, at) === null ? miss(at, `must not be ${show(arg)}`, `tidak boleh ${show(arg)}`) : null;
    default:
      return miss(at, `the check uses an unknown operator ${op}`, `pemeriksaan memakai operator yang tidak dikenal: ${op}`);
  }
}

export const describeMismatch = (m: Mismatch): Bilingual => ({ en: `${m.at}: ${m.en}`, id: `${m.at}: ${m.id}` });
