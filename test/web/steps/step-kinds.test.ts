import { describe, expect, it } from 'vitest';
import { stepSchema, type Step } from '../../../server/contract/trace.js';
import { stepKinds, viewOf } from '../../../web/src/steps/step-kinds.js';

const base = { seq: 0, startMs: 0, durationMs: 0 };
const query = (error?: string): Step => ({
  ...base,
  kind: 'query',
  node: 'database',
  data: {
    sql: `SELECT *\n  FROM products WHERE name = 'a very long name that goes on and on'`,
    params: [],
    method: 'query',
    columns: [],
    rows: [],
    rowCount: 0,
    rowsAffected: 0,
    ...(error ? { error } : {}),
  },
});
const respond = (status: number): Step => ({
  ...base,
  kind: 'respond',
  node: 'response',
  data: { status, headers: {}, contentType: 'application/json; charset=utf-8', body: '', bodyTruncated: false, size: 0 },
});
const error = stepSchema.parse({ ...base, kind: 'error', node: 'handler', data: { code: 'runtime_error', params: { detail: 'TypeError: x is not a function' }, message: 'x', stack: [] } });

describe('the step kinds', () => {
  it('has a view for each kind of the contract, and only those', () => {
    expect(Object.keys(stepKinds).sort()).toEqual(stepSchema.options.map((o) => o.shape.kind.value).sort());
  });

  it('sums a step up on one line in the learner’s language', () => {
    expect(viewOf(query()).summary(query(), 'en')).toBe("SELECT * FROM products WHERE name = 'a very long name that …");
    expect(viewOf(respond(201)).summary(respond(201), 'en')).toBe('201 · application/json');
    expect(viewOf(error).summary(error, 'id')).not.toBe(viewOf(error).summary(error, 'en'));
    expect(viewOf(error).words).toEqual({ en: 'Error', id: 'Kesalahan' });
  });

  it('flags the steps where something went wrong', () => {
    expect([query(), query('no such table'), respond(200), respond(404), error].map((step) => viewOf(step).failed(step))).toEqual([false, true, false, true, true]);
  });
});
