/**
 * A session keeps its traces compressed: what comes back out is the JSON that went in, byte for
 * byte, whatever it holds, and the summary is read from the trace as it was.
 */
import { describe, expect, it } from 'vitest';
import { traceSchema, traceSummarySchema, type Trace } from '../../../server/contract/trace.js';
import { KeptTrace, TraceDictionaries } from '../../../server/sessions/kept-trace.js';

const request = { sessionId: 'session-1', startedAt: '2026-12-02T10:00:00.000Z', method: 'GET', url: '/api/products', status: 200, durationMs: 3.5 };

function aTrace(id: string, body: string, origin: Trace['origin'] = 'learner'): Trace {
  return traceSchema.parse({
    id,
    ...request,
    origin,
    steps: [
      {
        kind: 'receive',
        seq: 0,
        node: 'express',
        startMs: 0,
        durationMs: 0.1,
        data: { method: 'GET', url: '/api/products', path: '/api/products', headers: { accept: '*/*' }, query: {}, rawBody: null, rawBodyTruncated: false },
      },
      {
        kind: 'query',
        seq: 1,
        node: 'database',
        startMs: 1,
        durationMs: 0.4,
        line: 3,
        data: { sql: 'SELECT * FROM products', params: [], method: 'query', rows: [{ id: 1, name: body }], rowCount: 1, rowsAffected: 0, columns: ['id', 'name'] },
      },
      { kind: 'error', seq: 2, node: 'handler', startMs: 2, durationMs: 0, data: { code: 'runtime_error', params: { detail: 'boom' }, message: 'first', stack: [] } },
      { kind: 'error', seq: 3, node: 'handler', startMs: 2.5, durationMs: 0, data: { code: 'runtime_error', params: { detail: 'again' }, message: 'second', stack: [] } },
      { kind: 'respond', seq: 4, node: 'response', startMs: 3, durationMs: 0.5, data: { status: 200, headers: {}, contentType: 'application/json', body, bodyTruncated: false, size: body.length } },
    ],
  });
}

describe('a kept trace', () => {
  it('gives back exactly the JSON it was given, also for text outside ASCII', () => {
    const dictionaries = new TraceDictionaries();
    for (const body of ['Kopi Gayo', 'Teh Melati — Rp 12.000, café, 🍵, 日本語, "quoted" \\ \u2028', '']) {
      const trace = aTrace(`t-${body.length}`, body);
      const json = JSON.stringify(trace);
      const kept = new KeptTrace(trace, json, dictionaries.for('lesson', trace, json));
      expect(kept.json).toBe(json);
      expect(kept.bytes).toBe(json.length);
    }
  });

  it('reads its summary from the trace: counts, the first error, no steps', () => {
    const trace = aTrace('t1', 'Kopi Gayo');
    const json = JSON.stringify(trace);
    const { summary } = new KeptTrace(trace, json, Buffer.from('unrelated dictionary text'));
    expect(traceSummarySchema.strict().parse(summary)).toEqual({
      id: 't1',
      ...request,
      origin: 'learner',
      stepCount: 5,
      queryCount: 1,
      error: 'first',
    });
  });

  it('is compressed against the first trace of the same lesson and origin', () => {
    const dictionaries = new TraceDictionaries();
    const [first, second, startup] = [aTrace('a', 'one'), aTrace('b', 'two'), aTrace('c', 'three', 'startup')];
    const one = dictionaries.for('lesson-1', first, JSON.stringify(first));
    expect(one.toString()).toBe(JSON.stringify(first));
    expect(dictionaries.for('lesson-1', second, JSON.stringify(second))).toBe(one);
    expect(dictionaries.for('lesson-1', startup, JSON.stringify(startup))).not.toBe(one);
    expect(dictionaries.for('lesson-2', second, JSON.stringify(second))).not.toBe(one);
  });

  it('takes a small part of its JSON when a trace like it came first', () => {
    const dictionaries = new TraceDictionaries();
    const first = aTrace('a', 'Kopi Gayo');
    dictionaries.for('lesson', first, JSON.stringify(first));
    const later = aTrace('b', 'Teh Melati');
    const json = JSON.stringify(later);
    const kept = new KeptTrace(later, json, dictionaries.for('lesson', later, json));
    expect(kept.packedBytes).toBeLessThan(json.length / 4);
  });

  it('keeps only the last 32 KB of a large first trace as the dictionary, and still reads back exactly', () => {
    const dictionaries = new TraceDictionaries();
    const large = aTrace('big', 'x'.repeat(100_000));
    const dictionary = dictionaries.for('lesson', large, JSON.stringify(large));
    expect(dictionary.length).toBe(32 * 1024);
    expect(dictionary.toString()).toBe(JSON.stringify(large).slice(-32 * 1024));
    const later = aTrace('b', `${'x'.repeat(99_000)} Kopi Gayo`);
    const json = JSON.stringify(later);
    expect(new KeptTrace(later, json, dictionaries.for('lesson', later, json)).json).toBe(json);
  });
});
