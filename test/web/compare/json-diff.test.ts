import { describe, expect, it } from 'vitest';
import { jsonDiff, sameJson } from '../../../web/src/compare/json-diff.js';

describe('a structural JSON diff', () => {
  it('names the keys added and removed and the leaves changed, by path', () => {
    expect(jsonDiff({ id: 3, total: 25000, productId: 4 }, { error: 'only 0 left in stock', productId: 4 }).changes).toEqual([
      { op: 'removed', path: 'id', before: 3 },
      { op: 'removed', path: 'total', before: 25000 },
      { op: 'added', path: 'error', after: 'only 0 left in stock' },
    ]);
    expect(jsonDiff({ items: [{ price: 1 }, { price: 2 }] }, { items: [{ price: 1 }, { price: 3 }, { price: 4 }] }).changes).toEqual([
      { op: 'changed', path: 'items[1].price', before: 2, after: 3 },
      { op: 'added', path: 'items[2]', after: { price: 4 } },
    ]);
  });

  it('quotes keys that are not names, and gives the whole value the empty path', () => {
    expect(jsonDiff({ 'a b': 1 }, { 'a b': 2 }).changes).toEqual([{ op: 'changed', path: '["a b"]', before: 1, after: 2 }]);
    expect(jsonDiff([1], { a: 1 }).changes).toEqual([{ op: 'changed', path: '', before: [1], after: { a: 1 } }]);
    expect(jsonDiff(null, 0).changes).toEqual([{ op: 'changed', path: '', before: null, after: 0 }]);
  });

  it('lists at most `max` changes and says the rest were cut', () => {
    const many = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    const { changes, cut } = jsonDiff({}, many, 4);
    expect(changes).toHaveLength(4);
    expect(cut).toBe(true);
    expect(jsonDiff({}, { a: 1 }, 4).cut).toBe(false);
  });

  it('finds equal values the same, whatever their key order', () => {
    expect(sameJson({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson(undefined, undefined)).toBe(true);
  });
});
