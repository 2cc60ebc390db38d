import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { DEFAULT_LIMITS } from '../../../server/sandbox/sandbox-types.js';
import { call, newestTrace, sessionWithRoutes, startTestGudang } from '../../helpers/gudang-under-test.js';
import { measureRss } from '../../helpers/rss-sampler.js';

/**
 * SQL cannot build huge values by any route: sql.js's memory may grow by 64 MB per request (its
 * heap-resize import refuses past that), values and results are stepped through with a byte
 * budget, and the database file has a largest size. Each attempt ends with an error step naming
 * the limit, and the server's peak memory during the statement stays within +256 MB.
 */
let gudang: Gudang;
beforeAll(async () => {
  // Building a megabyte with printf takes ~20 ms on this shared machine, so a hundred of them would
  // meet the 1 s deadline first: the deadline is not what these cases are about.
  gudang = await startTestGudang({ limits: { ...DEFAULT_LIMITS, timeoutMs: 5000 } });
});
afterAll(() => gudang.close());

const cases: [string, string, RegExp, RegExp][] = [
  ['printf width padding', "SELECT length(printf('%.*c', 300000000, 'x')) AS n", /^sql_memory_exceeded$/, /more than 64 MB of memory/],
  ['|| in a recursive query', "WITH RECURSIVE r(s) AS (SELECT 'x' UNION ALL SELECT s || s FROM r) SELECT length(s) AS n FROM r", /^sql_memory_exceeded$/, /more than 64 MB of memory/],
  ['replace over hex of a blob', "SELECT length(replace(hex(zeroblob(1000000)), '0', printf('%.*c', 500, 'x'))) AS n", /^sql_memory_exceeded$/, /more than 64 MB of memory/],
  [
    'group_concat of wide rows',
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 150) SELECT length(group_concat(printf('%.*c', 1000000, 'g'))) AS n FROM c",
    /^sql_memory_exceeded$/,
    /more than 64 MB of memory/,
  ],
  ['upper of a padded string', "SELECT upper(printf('%.*c', 100000000, 'u')) AS n", /^sql_memory_exceeded$/, /more than 64 MB of memory/],
  ['a value just over the value limit', "SELECT printf('%.*c', 2000000, 'v') AS v", /^sql_value_too_large$/, /SQL values are limited to 1 MB/],
  ['many wide rows', "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 40) SELECT printf('%.*c', 1000000, 'w') AS w FROM c", /^query_result_too_large$/, /more than 8 MB of data/],
  [
    'a sort of wide rows',
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 400) SELECT x, w FROM (SELECT x, zeroblob(1000000) AS w FROM c) ORDER BY x DESC',
    /^(sql_memory_exceeded|query_result_too_large)$/,
    /more than 64 MB of memory|more than 8 MB of data/,
  ],
  [
    'a table filled by a recursive insert',
    "CREATE TABLE IF NOT EXISTS fat(b); INSERT INTO fat WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 25) SELECT printf('%.*c', 900000, x) FROM c",
    /^(database_too_large|sql_memory_exceeded)$/,
    /database is limited to 16 MB|more than 64 MB of memory/,
  ],
];

describe('SQL that builds huge values', () => {
  it.each(cases)('%s: stopped naming the limit, peak memory within +256 MB', async (_name, sql, code, message) => {
    const routes = `app.get('/q', (req, res) => res.json(db.query(${JSON.stringify(sql)})));`;
    const { sessionId } = await sessionWithRoutes(gudang.url, routes);
    await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Kept', price: 1 });
    const { result, beforeMb, peakMb } = await measureRss(() => call(gudang.url, 'GET', `/sandbox/${sessionId}/q`));
    expect(result.status).toBe(500);
    expect(peakMb - beforeMb).toBeLessThan(256);
    const { trace } = await newestTrace(gudang.url, sessionId);
    const error = trace.steps.find((s: { kind: string }) => s.kind === 'error').data;
    expect(error.code).toMatch(code);
    expect(error.message).toMatch(message);

    const products = await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products`);
    expect(products.status).toBe(200);
    expect(products.json.map((p: { name: string }) => p.name)).toContain('Kept');
  });

  it('refuses SQL text or a parameter over the value limit, and PRAGMAs that would lift the limits', async () => {
    const routes = `app.get('/param', (req, res) => res.json(db.query('SELECT length(?) AS n', ['p'.repeat(2e6)])));
      app.get('/text', (req, res) => res.json(db.query("SELECT '" + 't'.repeat(3e6) + "' AS t")));
      app.get('/pragma', (req, res) => res.json(db.query('PRAGMA "max_page_count" = 1000000000')));
      app.get('/temp', (req, res) => res.json(db.query('PRAGMA temp_store = FILE')));`;
    const { sessionId } = await sessionWithRoutes(gudang.url, routes);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/param`)).status).toBe(500);
    expect((await newestTrace(gudang.url, sessionId)).summary.error).toMatch(/SQL parameters are limited to 1 MB/);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/text`)).status).toBe(500);
    expect((await newestTrace(gudang.url, sessionId)).summary.error).toMatch(/SQL text is limited to 1 MB/);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/pragma`)).status).toBe(500);
    expect((await newestTrace(gudang.url, sessionId)).summary.error).toMatch(/PRAGMA max_page_count is not allowed/);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/temp`)).status).toBe(500);
    expect((await newestTrace(gudang.url, sessionId)).summary.error).toMatch(/PRAGMA temp_store is not allowed/);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`)).status).toBe(200);
  });

  it('still lets ordinary SQL build values up to the limit', async () => {
    const { sessionId } = await sessionWithRoutes(
      gudang.url,
      `app.get('/ok', (req, res) => res.json(db.get("SELECT length(printf('%.*c', 500000, 'x')) AS n, length(hex(randomblob(200000))) AS h")));`,
    );
    const ok = await call(gudang.url, 'GET', `/sandbox/${sessionId}/ok`);
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ n: 500000, h: 400000 });
  });
});
