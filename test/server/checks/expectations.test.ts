import { describe, expect, it } from 'vitest';
import type { Step } from '../../../server/contract/trace.js';
import { matchResponse, matchTrace } from '../../../server/checks/expectations.js';

const base = { startMs: 0, durationMs: 0 };
const middleware = (name: string): Step => ({ ...base, seq: 0, kind: 'middleware', node: 'middleware:0', data: { index: 0, name, calledNext: true } });
const query = (sql: string, params: unknown = []): Step => ({
  ...base,
  seq: 0,
  kind: 'query',
  node: 'database',
  data: { sql, params, method: 'query', columns: [], rows: [], rowCount: 0, rowsAffected: 0, plan: ['SEARCH orders USING INDEX idx_orders_user (user_id=?)'] },
});

describe('matchTrace', () => {
  const steps = [middleware('requireUser'), query('SELECT * FROM orders WHERE user_id = ?', [2]), query("INSERT INTO orders (status) VALUES ('new')", [])];

  it('counts steps by selector', () => {
    expect(matchTrace({ count: { query: 2, 'query:insert  into orders': 1 } }, steps)).toBeNull();
    expect(matchTrace({ count: { query: { max: 1 } } }, steps)).toEqual({
      at: 'trace',
      en: 'expected at most 1 query step(s), the trace has 2',
      id: 'seharusnya ada paling banyak 1 langkah query, tetapi trace berisi 2',
    });
  });

  it('checks the order of first steps', () => {
    expect(matchTrace({ order: ['middleware:requireUser', 'query'] }, steps)).toBeNull();
    expect(matchTrace({ order: ['query', 'middleware'] }, steps)).toMatchObject({ en: 'the query step should come before the middleware step' });
    expect(matchTrace({ order: ['middleware', 'external'] }, steps)).toMatchObject({ en: 'expected a call to an outside service step, there is none' });
  });

  it('tells a parameterised query from one built with strings', () => {
    expect(matchTrace({ parameterised: ['query:FROM orders'] }, steps)).toBeNull();
    expect(matchTrace({ parameterised: ['query:FROM users'] }, [query("SELECT * FROM users WHERE email = 'a' OR '1'='1'")])).toMatchObject({
      en: `values should be passed as parameters (?), but this query has none: SELECT * FROM users WHERE email = 'a' OR '1'='1'`,
    });
    // A literal '?' inside a string is not a placeholder.
    expect(matchTrace({ parameterised: ['query'] }, [query("SELECT * FROM users WHERE note = '?'", ['x'])])).not.toBeNull();
  });

  it('counts the rows a query returned', () => {
    const many = { ...query('SELECT * FROM watch_history'), data: { ...(query('SELECT * FROM watch_history') as Extract<Step, { kind: 'query' }>).data, rowCount: 3000 } } as Step;
    expect(matchTrace({ rows: { 'query:FROM watch_history': { max: 20 } } }, [many])).toEqual({
      at: 'trace',
      en: 'the query "FROM watch_history" returned 3000 rows; expected at most 20',
      id: 'query "FROM watch_history" mengembalikan 3000 baris; seharusnya paling banyak 20',
    });
  });

  it('reads the query plan', () => {
    expect(matchTrace({ plan: { 'query:FROM orders': 'using index' } }, steps)).toBeNull();
    expect(matchTrace({ plan: { 'query:FROM orders': 'SCAN' } }, steps)).toMatchObject({ at: 'trace' });
  });
});

describe('matchResponse', () => {
  const observed = { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, text: '<h1>Kopi</h1>', steps: [] };
  it('checks status, headers, JSON body and text in that order', () => {
    expect(matchResponse({ status: 200, headers: { 'Content-Type': 'TEXT/HTML' }, text: { includes: ['Kopi'], excludes: ['{'] } }, observed)).toBeNull();
    expect(matchResponse({ status: 404 }, observed)).toEqual({ at: 'status', en: 'expected status 404, got 200', id: 'seharusnya status 404, tetapi 200' });
    expect(matchResponse({ headers: { 'content-type': 'json' } }, observed)).toMatchObject({ en: 'expected a header containing "json", got "text/html; charset=utf-8"' });
    expect(matchResponse({ body: {} }, observed)).toMatchObject({ en: 'expected a JSON body, got text that is not JSON' });
  });

  it('takes a status that may be one of several, and a header that must be absent', () => {
    expect(matchResponse({ status: [200, 304] }, observed)).toBeNull();
    expect(matchResponse({ status: [400, 404, 422] }, observed)).toEqual({ at: 'status', en: 'expected status 400, 404 or 422, got 200', id: 'seharusnya status 400, 404 atau 422, tetapi 200' });
    expect(matchResponse({ headers: { 'X-Powered-By': { $absent: true } } }, observed)).toBeNull();
    expect(matchResponse({ headers: { 'Content-Type': { $absent: true } } }, observed)).toEqual({
      at: 'headers.content-type',
      en: 'expected no such header, got "text/html; charset=utf-8"',
      id: 'seharusnya header ini tidak ada, tetapi isinya "text/html; charset=utf-8"',
    });
  });
});
