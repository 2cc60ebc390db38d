import { describe, expect, it } from 'vitest';
import { matchValue } from '../../../server/checks/match-value.js';

describe('matchValue', () => {
  it('matches objects partially and arrays element by element', () => {
    expect(matchValue({ total: 170000 }, { total: 170000, items: [] })).toBeNull();
    expect(matchValue([{ id: 1 }, { id: 2 }], [{ id: 1, name: 'a' }, { id: 2 }])).toBeNull();
  });

  it('says where and how a value differs, in both languages', () => {
    expect(matchValue({ total: 170000 }, { total: 85000 })).toEqual({ at: 'body.total', en: 'expected 170000, got 85000', id: 'seharusnya 170000, tetapi 85000' });
    expect(matchValue([{ id: 1 }], [])).toEqual({ at: 'body', en: 'expected 1 items, got 0', id: 'seharusnya 1 item, tetapi ada 0' });
    expect(matchValue({ error: { $type: 'string' } }, {})).toMatchObject({ at: 'body.error', en: 'expected a value of type string, got nothing' });
  });

  it('applies operators', () => {
    expect(matchValue({ $every: { user_id: 2 }, $minLength: 1 }, [{ user_id: 2 }, { user_id: 2 }])).toBeNull();
    expect(matchValue({ $every: { user_id: 2 } }, [{ user_id: 2 }, { user_id: 3 }])).toMatchObject({ at: 'body.1.user_id' });
    expect(matchValue({ $some: { id: 3 } }, [{ id: 1 }])).toMatchObject({ en: 'expected an item matching {"id":3}, found none' });
    expect(matchValue({ password: { $absent: true } }, { password: 'x' })).toMatchObject({ at: 'body.password', en: 'expected no such field, got "x"' });
    expect(matchValue({ hash: { $not: 'rahasia123', $includes: 'scrypt$' } }, { hash: 'scrypt$ab$cd' })).toBeNull();
    expect(matchValue({ $excludes: 'password' }, { password_hash: 'x' })).toMatchObject({ en: 'must not contain "password", but it does' });
    expect(matchValue({ n: { $gte: 1, $lte: 3 } }, { n: 4 })).toMatchObject({ en: 'expected a number ≤ 3, got 4' });
    expect(matchValue({ $length: 20 }, 'x'.repeat(20))).toBeNull();
    expect(matchValue({ items: { 0: { id: 3000 } } }, { items: [{ id: 3000 }, { id: 2997 }] })).toBeNull();
    expect(matchValue({ items: { 1: { id: 3000 } } }, { items: [{ id: 3000 }, { id: 2997 }] })).toMatchObject({ at: 'body.items.1.id' });
  });
});
