import { describe, expect, it } from 'vitest';
import type { Step, StepKind } from '../../../server/contract/trace.js';
import { narrationOf, stepKinds } from '../../../web/src/steps/step-kinds.js';

const base = { seq: 0, startMs: 0, durationMs: 0 };
const receive = (body: unknown, rawBody: string | null): Step => ({
  ...base,
  kind: 'receive',
  node: 'express',
  data: { method: 'POST', url: '/api/orders', path: '/api/orders', query: {}, headers: {}, rawBody, rawBodyTruncated: false, ...(body === undefined ? {} : { body }) },
});
const middleware = (calledNext: boolean): Step => ({ ...base, kind: 'middleware', node: 'middleware:0', data: { index: 0, name: 'requireUser', calledNext } });
const process: Step = { ...base, kind: 'process', node: 'handler', data: { method: 'GET', pattern: '/api/products/:id', params: { id: '3' } } };
const query = (change?: Partial<Extract<Step, { kind: 'query' }>['data']>): Step => ({
  ...base,
  durationMs: 0.42,
  line: 12,
  kind: 'query',
  node: 'database',
  data: { sql: 'SELECT 1', params: [], method: 'query', columns: [], rows: [], rowCount: 1, rowsAffected: 0, ...change },
});
const log: Step = { ...base, kind: 'log', node: 'handler', line: 4, data: { message: 'hello' } };
const external: Step = { ...base, kind: 'external', node: 'service:payment', data: { service: 'payment', operation: 'charge', request: {}, response: {}, ok: false, latencyMs: 300 } };
const error: Step = { ...base, kind: 'error', node: 'handler', line: 7, data: { code: 'runtime_error', params: { detail: 'TypeError: x is not a function' }, message: 'x', stack: [] } };
const respond = (status: number): Step => ({
  ...base,
  kind: 'respond',
  node: 'response',
  data: { status, headers: {}, contentType: 'application/json; charset=utf-8', body: '', bodyTruncated: false, size: 60 },
});

/** The sentences of one step, alone in its trace or at `index` of `steps`, in both languages. */
const both = (steps: Step[], index = 0) => [narrationOf(steps, index, 'en'), narrationOf(steps, index, 'id')];

describe('narration, one sentence per step in both languages', () => {
  it('has a sentence for every kind of step', () => {
    const one: { [K in StepKind]: Step } = { receive: receive({ a: 1 }, '{"a":1}'), middleware: middleware(true), process, query: query(), log, external, error, respond: respond(200) };
    for (const [kind, step] of Object.entries(one)) {
      expect(Object.keys(stepKinds)).toContain(kind);
      const [en, id] = both([step]);
      expect(en, kind).not.toBe('');
      expect(id, kind).not.toBe(en);
    }
  });

  it('receive: the request line and what its body is', () => {
    expect(both([receive({ productId: 1, quantity: 2 }, '{"productId":1,"quantity":2}')])).toEqual([
      'Express received POST /api/orders with a JSON body of 2 fields',
      'Express menerima POST /api/orders dengan body JSON berisi 2 field',
    ]);
    expect(narrationOf([receive([1], '[1]')], 0, 'en')).toBe('Express received POST /api/orders with a JSON list of 1 item');
    expect(narrationOf([receive(undefined, null)], 0, 'en')).toBe('Express received POST /api/orders, without a body');
  });

  it('middleware: let through, or the answer it gave instead of the handler', () => {
    expect(both([middleware(true)])).toEqual(['The middleware requireUser let the request through by calling next()', 'Middleware requireUser meneruskan permintaan dengan memanggil next()']);
    expect(both([middleware(false), respond(401)])).toEqual([
      'The middleware requireUser answered 401 — the route handler never ran',
      'Middleware requireUser menjawab 401 — route handler tidak pernah berjalan',
    ]);
  });

  it('process: the route that matched and its parameters', () => {
    expect(both([process])).toEqual(['The route GET /api/products/:id matched, so your handler ran with id = 3', 'Rute GET /api/products/:id cocok, jadi handler-mu berjalan dengan id = 3']);
  });

  it('query: who asked, the line, the rows and the time', () => {
    expect(both([process, query()], 1)).toEqual(['Your handler asked the database (line 12); 1 row came back in 0.4 ms', 'Handler-mu bertanya ke database (baris 12); 1 baris kembali dalam 0,4 ms']);
    expect(narrationOf([middleware(true), query({ rowCount: 0 })], 1, 'en')).toBe('The middleware requireUser asked the database (line 12); 0 rows came back in 0.4 ms');
    expect(narrationOf([process, query({ method: 'run', rowsAffected: 2 })], 1, 'en')).toBe('Your handler asked the database (line 12) to change data; 2 rows changed in 0.4 ms');
    expect(narrationOf([process, query({ error: 'no such table: x' })], 1, 'en')).toBe('Your handler asked the database (line 12); it refused: no such table: x');
  });

  it('log, outside service, error and respond', () => {
    expect(both([log])).toEqual(['Your code logged (line 4): hello', 'Kodemu mencatat (baris 4): hello']);
    expect(both([process, external], 1)).toEqual([
      'Your handler called the outside service payment.charge; it failed after 300 ms',
      'Handler-mu memanggil layanan luar payment.charge; jawabannya gagal setelah 300 ms',
    ]);
    expect(narrationOf([error], 0, 'en')).toMatch(/^The request stopped with an error \(line 7\): .*TypeError: x is not a function/);
    expect(narrationOf([error], 0, 'id')).toMatch(/^Permintaan berhenti karena kesalahan \(baris 7\): /);
    expect(both([respond(201)])).toEqual(['Your app answered 201 with 60 bytes of application/json', 'Aplikasimu menjawab 201 dengan 60 byte application/json']);
  });
});
