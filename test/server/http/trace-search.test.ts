import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { call, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';

/** Issue 13, item 3: the kept traces searched by SQL text, path, status or parameter value. */

let gudang: Gudang;
let sessionId: string;
beforeAll(async () => {
  gudang = await startTestGudang({ workers: 1 });
  ({ sessionId } = await newSession(gudang.url));
  await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/2`);
  await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/999`);
  await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Tempe Mendoan', price: 8000 });
});
afterAll(() => gudang.close());

const search = async (query: string) => {
  const res = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json.traces.map((t: { method: string; url: string; status: number }) => `${t.method} ${t.url} ${t.status}`);
};

describe('GET /api/sessions/:id/traces?q=', () => {
  it('finds traces by their SQL text, whatever the case', async () => {
    expect(await search('q=insert%20into&in=sql')).toEqual(['POST /api/products 201']);
    expect(await search('q=where%20id&in=sql')).toEqual(['GET /api/products/999 404', 'GET /api/products/2 200']);
  });

  it('finds traces by path, by status or status class, and by parameter value', async () => {
    expect(await search('q=999&in=path')).toEqual(['GET /api/products/999 404']);
    expect(await search('q=4xx&in=status')).toEqual(['GET /api/products/999 404']);
    expect(await search('q=2&in=status')).toEqual(['POST /api/products 201', 'GET /api/products/2 200']);
    expect(await search('q=Mendoan&in=param')).toEqual(['POST /api/products 201']);
    expect(await search('q=Mendoan&in=sql')).toEqual([]);
  });

  it('looks everywhere without `in`', async () => {
    expect(await search('q=Mendoan')).toEqual(['POST /api/products 201']);
    expect(await search('q=404')).toEqual(['GET /api/products/999 404']);
  });

  it('refuses a search it cannot read, naming the field', async () => {
    for (const [query, field] of [
      ['q=', 'q'],
      ['q=x&in=everywhere', 'in'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['q=x&q=y', 'q'],
      ['q=x&sort=new', undefined],
    ] as const) {
      const res = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.field, query).toBe(field);
    }
  });
});
