import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../server/contract/trace.js';
import { otlpTraceId, traceToOtlp, type OtlpSpan } from '../../../server/trace/otlp.js';
import { roundTrip } from '../../helpers/otlp-schema.js';

const TRACE: Trace = {
  id: '3f2c8a10-5b7e-4d21-9c3a-0e4f5a6b7c8d',
  sessionId: 'session-1',
  startedAt: '2026-01-02T03:04:05.678Z',
  method: 'GET',
  url: '/api/products/7?full=1',
  status: 500,
  durationMs: 12.5,
  origin: 'learner',
  steps: [
    {
      seq: 0,
      kind: 'receive',
      node: 'express',
      startMs: 0,
      durationMs: 0.25,
      data: { method: 'GET', url: '/api/products/7?full=1', path: '/api/products/7', query: { full: '1' }, headers: {}, rawBody: null, rawBodyTruncated: false },
    },
    { seq: 1, kind: 'middleware', node: 'middleware:0', startMs: 0.5, durationMs: 1, line: 3, data: { index: 0, name: 'requireUser', calledNext: true } },
    { seq: 2, kind: 'process', node: 'handler', startMs: 2, durationMs: 9, line: 8, data: { method: 'GET', pattern: '/api/products/:id', params: { id: '7' } } },
    {
      seq: 3,
      kind: 'query',
      node: 'database',
      startMs: 3,
      durationMs: 0.4,
      line: 9,
      data: { sql: 'SELECT * FROM products WHERE id = ?', params: [7], method: 'query', columns: ['id'], rows: [{ id: 7 }], rowCount: 1, rowsAffected: 0 },
    },
    { seq: 4, kind: 'log', node: 'handler', startMs: 4, durationMs: 0, line: 10, data: { message: 'found it' } },
    {
      seq: 5,
      kind: 'error',
      node: 'handler',
      startMs: 5,
      durationMs: 0,
      line: 11,
      data: { code: 'runtime_error', params: { detail: 'x is undefined' }, message: 'TypeError: x is undefined', stack: [{ fn: null, line: 11 }] },
    },
    { seq: 6, kind: 'respond', node: 'response', startMs: 12.5, durationMs: 0, data: { status: 500, headers: {}, contentType: 'text/html', body: 'oops', bodyTruncated: false, size: 4 } },
  ],
};

const attr = (span: OtlpSpan, key: string) => span.attributes.find((a) => a.key === key)?.value;

describe('traceToOtlp', () => {
  it('decodes with the official ExportTraceServiceRequest and round-trips with nothing unknown or lost', () => {
    const exported = traceToOtlp(TRACE);
    expect(roundTrip(exported)).toEqual(JSON.parse(JSON.stringify(exported)));
  });

  it('would notice a field the schema does not have or a value of the wrong type', () => {
    const exported = traceToOtlp(TRACE);
    const misspelt = JSON.parse(JSON.stringify(exported));
    misspelt.resourceSpans[0].scopeSpans[0].spans[0].statusCode = 2;
    expect(roundTrip(misspelt)).not.toEqual(misspelt);
    const wrongType = JSON.parse(JSON.stringify(exported));
    wrongType.resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value = { intValue: 'GET' };
    expect(() => expect(roundTrip(wrongType)).toEqual(wrongType)).toThrow();
  });

  it('has a SERVER root span for the request and one child span per step, in order', () => {
    const [root, ...children] = traceToOtlp(TRACE).resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(root).toMatchObject({ name: 'GET /api/products/:id', kind: 2, status: { code: 2 }, traceId: '3f2c8a105b7e4d219c3a0e4f5a6b7c8d' });
    expect(root!.parentSpanId).toBeUndefined();
    expect(attr(root!, 'http.request.method')).toEqual({ stringValue: 'GET' });
    expect(attr(root!, 'url.path')).toEqual({ stringValue: '/api/products/7' });
    expect(attr(root!, 'url.query')).toEqual({ stringValue: 'full=1' });
    expect(attr(root!, 'http.response.status_code')).toEqual({ intValue: '500' });
    expect(children.map((s) => s.name)).toEqual(['receive', 'middleware requireUser', 'handler GET /api/products/:id', 'SELECT sqlite', 'log', 'error runtime_error', 'respond']);
    expect(new Set(children.map((s) => s.parentSpanId))).toEqual(new Set([root!.spanId]));
    expect(new Set([root!.spanId, ...children.map((s) => s.spanId)]).size).toBe(8);
    for (const span of [root!, ...children]) expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('puts the SQL, the line and the status in standard attributes, with nanosecond times', () => {
    const spans = traceToOtlp(TRACE).resourceSpans[0]!.scopeSpans[0]!.spans;
    const query = spans.find((s) => s.name === 'SELECT sqlite')!;
    expect(query.kind).toBe(3);
    expect(attr(query, 'db.query.text')).toEqual({ stringValue: 'SELECT * FROM products WHERE id = ?' });
    expect(attr(query, 'db.system.name')).toEqual({ stringValue: 'sqlite' });
    expect(attr(query, 'code.lineno')).toEqual({ intValue: '9' });
    // 03:04:05.678 plus 3 ms, then 0.4 ms more, in nanoseconds.
    expect(query.startTimeUnixNano).toBe(`${Date.parse(TRACE.startedAt) + 3}000000`);
    expect(query.endTimeUnixNano).toBe(`${Date.parse(TRACE.startedAt) + 3}400000`);
    const respond = spans.find((s) => s.name === 'respond')!;
    expect(attr(respond, 'http.response.status_code')).toEqual({ intValue: '500' });
    const error = spans.find((s) => s.name === 'error runtime_error')!;
    expect(error.status).toEqual({ code: 2, message: 'TypeError: x is undefined' });
    expect(error.events?.[0]).toMatchObject({ name: 'exception' });
  });

  it('leaves a 4xx unset (the client’s error, not the server’s) and exports a start-up trace as INTERNAL', () => {
    const notFound = traceToOtlp({ ...TRACE, status: 404, steps: TRACE.steps.filter((s) => s.kind !== 'error') }).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(notFound.status).toEqual({ code: 0 });
    const startup = { ...TRACE, method: 'START', url: '(start-up)', status: 200, origin: 'startup' as const, steps: TRACE.steps.slice(3, 5) };
    const exported = traceToOtlp(startup);
    expect(exported.resourceSpans[0]!.scopeSpans[0]!.spans[0]).toMatchObject({ name: 'start-up', kind: 1, status: { code: 0 } });
    expect(roundTrip(exported)).toEqual(JSON.parse(JSON.stringify(exported)));
  });

  it('makes a 32-hex trace id from any id, never all zeros', () => {
    expect(otlpTraceId('trace-1')).toMatch(/^[0-9a-f]{32}$/);
    expect(otlpTraceId('00000000-0000-0000-0000-000000000000')).not.toBe('0'.repeat(32));
  });
});
