import { describe, expect, it } from 'vitest';
import { checkSchema, checksFileSchema, stepSelectorSchema } from '../../../server/lessons/check-files.js';

const minimal = {
  id: 'lists-products',
  title: { en: 'Lists the products', id: 'Menampilkan produk' },
  steps: [{ request: { method: 'GET', path: '/api/products' } }],
};

const full = {
  ...minimal,
  failure: { en: 'List them.', id: 'Tampilkan.' },
  steps: [
    { request: { method: 'POST', path: '/api/login', body: { email: 'a@b.c' } }, save: { token: 'body.token' }, expect: { status: 200 } },
    {
      request: { method: 'GET', path: '/api/orders', headers: { Authorization: 'Bearer {{token}}' } },
      expect: {
        status: 200,
        headers: { 'content-type': 'json' },
        body: { $every: { user_id: 2 }, $minLength: 1 },
        text: { includes: ['user_id'], excludes: ['password'] },
        trace: { count: { query: { max: 2 }, 'query:INSERT': 0 }, order: ['middleware:requireUser', 'query'], parameterised: ['query:FROM orders'], plan: { 'query:FROM orders': 'USING INDEX' } },
      },
    },
  ],
  setup: 'UPDATE products SET stock = 0 WHERE id = 4',
  database: [
    { sql: 'SELECT count(*) AS n FROM orders', rows: [{ n: 3 }] },
    { sql: 'SELECT * FROM orders', rows: { $length: 3 } },
  ],
};

/** The double click: two requests at once, either of two statuses, a header that must be absent, a saved value in expect. */
const race = { request: { method: 'POST', path: '/api/orders' }, concurrent: 2, expect: { status: [201, 409], headers: { 'x-powered-by': { $absent: true } }, body: { id: '{{orderId}}' } } };

const rejects = (check: unknown) => checkSchema.safeParse(check).success;

describe('checkSchema', () => {
  it('accepts a check using every field', () => {
    expect(checkSchema.parse(full).steps[1]!.request.headers).toEqual({ Authorization: 'Bearer {{token}}' });
  });

  it('accepts a step sent twice at once, with a list of statuses and an absent header', () => {
    expect(checkSchema.parse({ ...minimal, steps: [race] }).steps[0]).toMatchObject({ concurrent: 2, expect: { status: [201, 409] } });
  });

  it('accepts a minimal check and fills defaults', () => {
    const parsed = checkSchema.parse(minimal);
    expect(parsed.database).toEqual([]);
    expect(parsed.steps[0]!.request.headers).toEqual({});
  });

  it.each([
    ['an id with capitals', { ...minimal, id: 'Lists' }],
    ['a title in one language', { ...minimal, title: { en: 'Lists' } }],
    ['no steps', { ...minimal, steps: [] }],
    ['an unknown method', { ...minimal, steps: [{ request: { method: 'FETCH', path: '/' } }] }],
    ['a path without /', { ...minimal, steps: [{ request: { method: 'GET', path: 'api' } }] }],
    ['a status as text', { ...minimal, steps: [{ ...minimal.steps[0], expect: { status: '200' } }] }],
    ['an unknown expectation', { ...minimal, steps: [{ ...minimal.steps[0], expect: { statusCode: 200 } }] }],
    ['an unknown value operator', { ...minimal, steps: [{ ...minimal.steps[0], expect: { body: { items: { $size: 2 } } } }] }],
    ['a bad step selector', { ...minimal, steps: [{ ...minimal.steps[0], expect: { trace: { count: { queries: 1 } } } }] }],
    ['an order of one selector', { ...minimal, steps: [{ ...minimal.steps[0], expect: { trace: { order: ['query'] } } }] }],
    ['a save from somewhere else', { ...minimal, steps: [{ ...minimal.steps[0], save: { token: 'cookie.token' } }] }],
    ['a database expectation without SQL', { ...minimal, database: [{ rows: [] }] }],
    ['rows given one object', { ...minimal, database: [{ sql: 'SELECT 1', rows: { n: 1 } }] }],
    ['a $length that is not a number', { ...minimal, steps: [{ ...minimal.steps[0], expect: { body: { $length: 'three' } } }] }],
    ['a $type that is no type', { ...minimal, steps: [{ ...minimal.steps[0], expect: { body: { id: { $type: 'integer' } } } }] }],
    ['an empty list of statuses', { ...minimal, steps: [{ ...minimal.steps[0], expect: { status: [] } }] }],
    ['a request sent once "at once"', { ...minimal, steps: [{ ...race, concurrent: 1 }] }],
    ['a header that must be absent, said otherwise', { ...minimal, steps: [{ ...minimal.steps[0], expect: { headers: { 'x-powered-by': { $absent: false } } } }] }],
  ])('rejects %s', (_name, check) => {
    expect(rejects(check)).toBe(false);
  });
});

describe('checksFileSchema', () => {
  it('rejects two checks with the same id, naming the second', () => {
    const parsed = checksFileSchema.safeParse({ checks: [minimal, minimal] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['checks', 1, 'id'], message: 'the id "lists-products" is used twice' });
  });
});

describe('stepSelectorSchema', () => {
  it('accepts a kind with or without text', () => {
    expect(stepSelectorSchema.safeParse('query').success).toBe(true);
    expect(stepSelectorSchema.safeParse('external:payment').success).toBe(true);
    expect(stepSelectorSchema.safeParse('respond').success).toBe(false);
  });
});
