import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { DEFAULT_LIMITS } from '../../../server/sandbox/sandbox-types.js';
import { call, newestTrace, sessionWithRoutes, startTestGudang } from '../../helpers/gudang-under-test.js';
import { measureRss } from '../../helpers/rss-sampler.js';

/**
 * Out of memory is called out of memory, whatever the engine ran out of and whatever the code
 * answered after: an error step "your code used more than 32 MB" with the line, a 500, and the
 * session's code and data still there for the next request.
 */
let gudang: Gudang;
beforeAll(async () => {
  // Filling 32 MB with small objects takes QuickJS seconds on this shared machine: a long deadline
  // lets the memory limit, which is what these cases are about, be the one they reach.
  gudang = await startTestGudang({ limits: { ...DEFAULT_LIMITS, timeoutMs: 15_000 } });
});
afterAll(() => gudang.close());

const cases: [string, string, RegExp][] = [
  ['a Map of small objects', 'const m = new Map(); for (let i = 0; ; i++) m.set(i, { i, tag: "item" + i, pair: [i, i] });', /more than 32 MB of memory$/],
  ['an array of small objects (the engine throws null, and routing went on to a 404)', 'const a = []; for (let i = 0; ; i++) a.push({ i });', /more than 32 MB of memory$/],
  ['a caught allocation failure answered with 200', 'try { const a = []; for (;;) a.push(new Array(1e5).fill(1)); } catch (e) { res.send("fine"); }', /more than 32 MB of memory$/],
  ['strings kept in an array', 'const a = []; for (;;) a.push("x".repeat(100000) + a.length);', /more than 32 MB of memory$/],
  ['typed arrays', 'const a = []; for (;;) a.push(new Uint8Array(1 << 20).fill(7));', /more than 32 MB of memory$/],
  ['recursion without end', 'const f = (n) => f(n + 1) + 1; f(0);', /more than 32 MB of memory: its call stack \(256 KB\) ran out/],
];

describe('code that runs out of memory', () => {
  it.each(cases)('%s: an out_of_memory step with the line, a 500, the session intact', async (_name, handler, message) => {
    const routes = `app.get('/p', (req, res) => {\n  ${handler}\n});`;
    const { sessionId } = await sessionWithRoutes(gudang.url, routes);
    await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/products`, { name: 'Kept', price: 1 });
    const { result } = await measureRss(() => call(gudang.url, 'GET', `/sandbox/${sessionId}/p`));
    expect(result.status).toBe(500);
    expect(result.text).not.toMatch(/Cannot GET|fine/);
    const { trace } = await newestTrace(gudang.url, sessionId);
    const error = trace.steps.find((s: { kind: string }) => s.kind === 'error');
    expect(error.data.code).toBe('out_of_memory');
    expect(error.data.message).toMatch(message);
    expect(error.line).toBeGreaterThan(0);

    // The code and the data are there for the next request.
    const products = await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products`);
    expect(products.status).toBe(200);
    expect(products.json.map((p: { name: string }) => p.name)).toContain('Kept');
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/p`)).status).toBe(500);
  });
});
