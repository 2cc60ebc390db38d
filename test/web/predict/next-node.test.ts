import { describe, expect, it } from 'vitest';
import type { Step } from '../../../server/contract/trace.js';
import { nextNodeAt, nodeOfKey, numberNodes, quizAfter, type Quiz } from '../../../web/src/predict/next-node.js';

const base = { seq: 0, startMs: 0, durationMs: 0 };
const receive: Step = { ...base, kind: 'receive', node: 'express', data: { method: 'GET', url: '/api/me', path: '/api/me', query: {}, headers: {}, rawBody: null, rawBodyTruncated: false } };
const middleware: Step = { ...base, kind: 'middleware', node: 'middleware:0', data: { index: 0, name: 'requireUser', calledNext: true } };
const handler: Step = { ...base, kind: 'process', node: 'handler', data: { method: 'GET', pattern: '/api/me', params: {} } };
const log: Step = { ...base, kind: 'log', node: 'handler', data: { message: 'hi' } };
const query: Step = { ...base, kind: 'query', node: 'database', data: { sql: 'SELECT 1', params: [], method: 'query', columns: [], rows: [], rowCount: 0, rowsAffected: 0 } };
const respond: Step = { ...base, kind: 'respond', node: 'response', data: { status: 200, headers: {}, contentType: null, body: '', bodyTruncated: false, size: 0 } };
// express → middleware → handler (a log stays there) → database → response
const steps = [receive, middleware, handler, log, query, respond];

describe('what comes next', () => {
  it('asks only where the request moves to another box', () => {
    expect(steps.map((_, at) => nextNodeAt(steps, at))).toEqual(['middleware:0', 'handler', undefined, 'database', 'response', undefined]);
    expect(nextNodeAt([], 0)).toBeUndefined();
  });

  it('numbers the boxes 1 to 9 in the diagram order, without the client, and reads a number key', () => {
    const ids = ['client', 'express', 'middleware:0', 'handler', 'database', 'response'];
    const numbers = numberNodes(ids);
    expect([...numbers]).toEqual([
      ['express', 1],
      ['middleware:0', 2],
      ['handler', 3],
      ['database', 4],
      ['response', 5],
    ]);
    expect(['3', '5', '6', '0', 'a', 'Enter'].map((key) => nodeOfKey(key, numbers))).toEqual(['handler', 'response', undefined, undefined, undefined, undefined]);
    const many = numberNodes(['client', ...Array.from({ length: 12 }, (_, i) => `middleware:${i}`)]);
    expect(many.size).toBe(9);
    expect(nodeOfKey('9', many)).toBe('middleware:8');
  });

  it('asks on → instead of moving, then a right pick moves on', () => {
    const asked = quizAfter({}, { type: 'next' }, steps, 0, true);
    expect(asked).toEqual({ quiz: { asking: { from: 0, answer: 'middleware:0' } } });
    expect(quizAfter(asked.quiz, { type: 'pick', node: 'middleware:0' }, steps, 0, true)).toEqual({
      quiz: { outcome: { type: 'picked', picked: 'middleware:0', answer: 'middleware:0', right: true, to: 1 } },
      goTo: 1,
    });
  });

  it('moves on after a wrong pick too, saying which box was right', () => {
    const asking: Quiz = { asking: { from: 3, answer: 'database' } };
    expect(quizAfter(asking, { type: 'pick', node: 'response' }, steps, 3, true)).toEqual({
      quiz: { outcome: { type: 'picked', picked: 'response', answer: 'database', right: false, to: 4 } },
      goTo: 4,
    });
  });

  it('skips with → again or Escape, and drops the question on any other move', () => {
    const asking: Quiz = { asking: { from: 1, answer: 'handler' } };
    const skipped = { quiz: { outcome: { type: 'skipped', answer: 'handler', to: 2 } }, goTo: 2 };
    expect(quizAfter(asking, { type: 'next' }, steps, 1, true)).toEqual(skipped);
    expect(quizAfter(asking, { type: 'skip' }, steps, 1, true)).toEqual(skipped);
    expect(quizAfter(asking, { type: 'elsewhere' }, steps, 1, true)).toEqual({ quiz: {} });
    // With nothing asked, a pick or Escape does nothing.
    expect(quizAfter({}, { type: 'pick', node: 'handler' }, steps, 1, true)).toEqual({ quiz: {} });
    expect(quizAfter({}, { type: 'skip' }, steps, 1, true)).toEqual({ quiz: {} });
  });

  it('just moves where the request stays on its box, at the end, and when predict mode is off', () => {
    expect(quizAfter({}, { type: 'next' }, steps, 2, true)).toEqual({ quiz: {}, goTo: 3 });
    expect(quizAfter({}, { type: 'next' }, steps, 5, true)).toEqual({ quiz: {}, goTo: 5 });
    expect(quizAfter({}, { type: 'next' }, steps, 0, false)).toEqual({ quiz: {}, goTo: 1 });
    // A new question replaces the last answer.
    const answered: Quiz = { outcome: { type: 'skipped', answer: 'handler', to: 2 } };
    expect(quizAfter(answered, { type: 'next' }, steps, 3, true)).toEqual({ quiz: { asking: { from: 3, answer: 'database' } } });
  });
});
