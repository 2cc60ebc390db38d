import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { DEFAULT_LIMITS } from '../../../server/sandbox/sandbox-types.js';
import { call, newestTrace, sessionWithRoutes, startTestGudang } from '../../helpers/gudang-under-test.js';
import { measureRss } from '../../helpers/rss-sampler.js';

/**
 * Everything shown is bounded before it enters a trace or a response: messages, stacks, log
 * lines, SQL, parameters, rows, bodies; one trace at most 256 KB, a session's traces 2 MB.
 */
let gudang: Gudang;
beforeAll(async () => {
  // Building a 20 MB string alone takes QuickJS about a second on this shared machine: these tests
  // are about what is kept and shown, so the deadline is not what they run into.
  gudang = await startTestGudang({ limits: { ...DEFAULT_LIMITS, timeoutMs: 5000 } });
});
afterAll(() => gudang.close());

const TRACE_BYTES = 256 * 1024;

const errorOf = (trace: { steps: { kind: string; data: any }[] }) => trace.steps.find((s) => s.kind === 'error')?.data;

describe('a thrown 20 MB message', () => {
  it('answers with a truncated message, and the server’s memory stays within +64 MB', async () => {
    const { sessionId } = await sessionWithRoutes(gudang.url, `app.get('/p', (req, res) => { throw new Error('x'.repeat(20e6)); });`);
    await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`);
    const { result, beforeMb, peakMb } = await measureRss(() => call(gudang.url, 'GET', `/sandbox/${sessionId}/p`));
    expect(result.status).toBe(500);
    expect(result.text).not.toMatch(/xxxx/);
    expect(peakMb - beforeMb).toBeLessThan(64);

    const { trace, bytes, summary } = await newestTrace(gudang.url, sessionId);
    expect(bytes).toBeLessThan(TRACE_BYTES);
    expect(errorOf(trace).params.detail).toMatch(/^Error: x{2000}… 19\.\d MB more$/);
    expect(errorOf(trace).code).toBe('runtime_error');
    expect(summary.error.length).toBeLessThan(2100);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`)).status).toBe(200);
  });
});

describe('values shown in a trace', () => {
  it.each([
    ['a thrown non-Error of 5 MB', `throw { big: 'y'.repeat(5e6) };`, /^Thrown value: \{"big":"y{100}.*… \d\.\d MB more$/],
    ['a huge error name', `const e = new Error('m'); e.name = 'N'.repeat(1e6); throw e;`, /^N{200}… \d+ KB more: m$/],
    ['a huge stack', `const e = new Error('s'); e.stack = 'at x (handler.js:1:1)\\n'.repeat(2e5); throw e;`, /^Error: s$/],
    ['next() with a huge error', `next(new Error('n'.repeat(3e6)));`, /^Error: n{2000}… 2\.9 MB more$/],
  ])('%s: the error is cut with a marker', async (_name, handler, message) => {
    const { sessionId } = await sessionWithRoutes(gudang.url, `app.get('/p', (req, res, next) => { ${handler} });`);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/p`)).status).toBe(500);
    const { trace, bytes } = await newestTrace(gudang.url, sessionId);
    expect(bytes).toBeLessThan(TRACE_BYTES);
    expect(errorOf(trace).params.detail).toMatch(message);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`)).status).toBe(200);
  });

  it('cuts rows, parameters, SQL, log lines and bodies; the client still gets the whole body', async () => {
    const routes = `app.post('/p', (req, res) => {
      const rows = db.query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 7) SELECT x, printf('%.*c', 1000000, 'r') AS wide FROM c WHERE ? = ?", ['p'.repeat(900000), 'p'.repeat(900000)]);
      log('l'.repeat(60000));
      res.send(rows.length + ':' + 'b'.repeat(900000));
    });`;
    const { sessionId } = await sessionWithRoutes(gudang.url, routes);
    const body = JSON.stringify({ text: 'q'.repeat(900000) });
    const res = await call(gudang.url, 'POST', `/sandbox/${sessionId}/p`, body);
    expect(res.status).toBe(200);
    expect(res.text).toBe('7:' + 'b'.repeat(900000));

    const { trace, bytes } = await newestTrace(gudang.url, sessionId);
    expect(bytes).toBeLessThanOrEqual(TRACE_BYTES);
    const query = trace.steps.find((s: { kind: string }) => s.kind === 'query').data;
    expect(query.rowCount).toBe(7);
    expect(query.rows.length).toBeLessThanOrEqual(7);
    expect(query.rows[0]?.wide ?? '').toMatch(/… \d+ KB more$|… 1 MB more$|^$/);
    expect(JSON.stringify(query.params)).toMatch(/more/);
    const log = trace.steps.find((s: { kind: string }) => s.kind === 'log').data.message;
    expect(log.length).toBeLessThan(20000);
    expect(log).toMatch(/… \d+ KB more$/);
    const respond = trace.steps.find((s: { kind: string }) => s.kind === 'respond').data;
    expect(respond).toMatchObject({ bodyTruncated: true, size: 900002 });
  });

  it('keeps a trace of many large steps within 256 KB, cutting their data shorter', async () => {
    const routes = `app.get('/many', (req, res) => {
      const wide = Array.from({ length: 20 }, (_, i) => String(i).repeat(3000));
      for (let i = 0; i < 100; i++) db.query('SELECT ' + wide.map(() => '?').join(', '), wide);
      res.send('done');
    });`;
    const { sessionId } = await sessionWithRoutes(gudang.url, routes);
    const res = await call(gudang.url, 'GET', `/sandbox/${sessionId}/many`);
    const { trace, bytes, summary } = await newestTrace(gudang.url, sessionId);
    expect(summary.error).toBeUndefined();
    expect(res.text).toBe('done');
    expect(bytes).toBeLessThanOrEqual(TRACE_BYTES);
    const queries = trace.steps.filter((s: { kind: string }) => s.kind === 'query');
    expect(queries).toHaveLength(100);
    expect(queries[0].data.params[0]).toMatch(/^0+… \d+ (KB|bytes) more$/);
    expect(trace.steps.at(-1).kind).toBe('respond');
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`)).status).toBe(200);
  });

  it('keeps a session’s traces within 2 MB, dropping the oldest', async () => {
    const routes = `app.get('/wide', (req, res) => { for (let i = 0; i < 3; i++) log(String(i).repeat(60000 / 3 - 10)); res.send('w'.repeat(200000)); });`;
    const { sessionId } = await sessionWithRoutes(gudang.url, routes);
    for (let i = 0; i < 40; i++) expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/wide`)).status).toBe(200);
    const traces = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`)).json.traces;
    let total = 0;
    for (const t of traces) total += (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${t.id}`)).text.length;
    expect(total).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(traces.length).toBeGreaterThan(5);
    expect(traces.length).toBeLessThan(40);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/1`)).status).toBe(200);
  });
});
