import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { call, newestTrace, newSession, sessionWithRoutes, startTestGudang } from '../../helpers/gudang-under-test.js';
import { roundTrip } from '../../helpers/otlp-schema.js';

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({ workers: 1 });
});
afterAll(() => gudang.close());

type Span = { name: string; kind: number; parentSpanId?: string; attributes: { key: string; value: Record<string, unknown> }[] };
const value = (span: Span, key: string) => span.attributes.find((a) => a.key === key)?.value;

describe('a trace as OTLP JSON', () => {
  it('is served beside the trace, decodes as an ExportTraceServiceRequest, and has the SQL and status', async () => {
    const { sessionId } = await newSession(gudang.url);
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/2`)).status).toBe(200);
    const { summary } = await newestTrace(gudang.url, sessionId);
    const res = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/${summary.id}.otlp.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(roundTrip(res.json)).toEqual(res.json);
    const [root, ...children] = res.json.resourceSpans[0].scopeSpans[0].spans as Span[];
    expect(root).toMatchObject({ name: 'GET /api/products/:id', kind: 2 });
    expect(value(root!, 'http.response.status_code')).toEqual({ intValue: '200' });
    expect(value(root!, 'url.path')).toEqual({ stringValue: '/api/products/2' });
    const query = children.find((s) => s.kind === 3)!;
    expect(value(query, 'db.query.text')?.stringValue).toMatch(/SELECT .* FROM products/i);
    expect(value(query, 'code.lineno')?.intValue).toMatch(/^\d+$/);
    expect(children.length).toBe(summary.stepCount);
  });

  it('answers 404 JSON for a trace that is not kept, as the JSON route does', async () => {
    const { sessionId } = await newSession(gudang.url);
    const res = await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces/nope.otlp.json`);
    expect(res.status).toBe(404);
    expect(res.json.error).toMatch(/no such trace/);
  });
});

describe('Server-Timing on the learner’s responses', () => {
  it('names the stages: receive, the handler with its route, the queries and the total', async () => {
    const { sessionId } = await newSession(gudang.url);
    const res = await call(gudang.url, 'GET', `/sandbox/${sessionId}/api/products/2`);
    expect(res.headers.get('server-timing')).toMatch(/^receive;dur=[\d.]+, handler;dur=[\d.]+;desc="GET \/api\/products\/:id", db;dur=[\d.]+;desc="1 query", total;dur=[\d.]+$/);
    const { trace } = await newestTrace(gudang.url, sessionId);
    const respond = trace.steps.at(-1);
    expect(respond.data.headers['server-timing']).toBe(res.headers.get('server-timing'));
  });

  it('comes after the learner’s own Server-Timing, which is kept, and is on a refused body and the 500 page too', async () => {
    const { sessionId } = await sessionWithRoutes(
      gudang.url,
      "app.get('/timed', (req, res) => { res.set('Server-Timing', 'cache;desc=\"hit\"'); res.send('ok'); });\napp.get('/bad-status', (req, res) => { res.status(99).send('x'); });",
    );
    const timed = await call(gudang.url, 'GET', `/sandbox/${sessionId}/timed`);
    expect(timed.headers.get('server-timing')).toMatch(/^cache;desc="hit", receive;dur=/);
    const refused = await call(gudang.url, 'POST', `/sandbox/${sessionId}/timed`, undefined, { 'content-type': 'application/json' });
    expect(refused.headers.get('server-timing')).toMatch(/^receive;dur=[\d.]+/);
    const broken = await call(gudang.url, 'GET', `/sandbox/${sessionId}/bad-status`);
    expect(broken.status).toBe(500);
    expect(broken.headers.get('server-timing')).toMatch(/^receive;dur=.*total;dur=[\d.]+$/);
  });
});
