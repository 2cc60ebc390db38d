import { describe, expect, it } from 'vitest';
import type { Step } from '../../../server/contract/trace.js';
import { answersRight, marksAt, parseCount, parseStatus, reachedStages, scorePrediction, type Prediction } from '../../../web/src/predict/score.js';

const base = { seq: 0, startMs: 0, durationMs: 0 };
const receive: Step = { ...base, kind: 'receive', node: 'express', data: { method: 'GET', url: '/api/me', path: '/api/me', query: {}, headers: {}, rawBody: null, rawBodyTruncated: false } };
const middleware = (calledNext: boolean): Step => ({ ...base, kind: 'middleware', node: 'middleware:0', data: { index: 0, name: 'requireUser', calledNext } });
const handler: Step = { ...base, kind: 'process', node: 'handler', data: { method: 'GET', pattern: '/api/me', params: {} } };
const query: Step = { ...base, kind: 'query', node: 'database', data: { sql: 'SELECT 1', params: [], method: 'query', columns: [], rows: [], rowCount: 0, rowsAffected: 0 } };
const respond = (status: number): Step => ({ ...base, kind: 'respond', node: 'response', data: { status, headers: {}, contentType: null, body: '', bodyTruncated: false, size: 0 } });
const failure: Step = { ...base, kind: 'error', node: 'handler', data: { code: 'runtime_error', params: { detail: 'TypeError' }, message: 'x', stack: [] } };

const blocked = [receive, middleware(false), respond(401)];
const through = [receive, middleware(true), handler, query, respond(200)];
const offered: Prediction['offered'] = ['handler', 'database', 'service:payment'];

describe('scoring a prediction', () => {
  it('is right on both questions when the trace went where the learner said', () => {
    const score = scorePrediction({ status: 200, offered, stages: ['handler', 'database'] }, through, 200);
    expect(score.status).toEqual({ right: true, predicted: 200, actual: 200 });
    expect(score.stages).toEqual({ right: true, wrong: [] });
    expect(score.marks).toEqual([]);
  });

  it('marks a stage they expected at the middleware that stopped the request, and the status at the response', () => {
    const score = scorePrediction({ status: 200, offered, stages: ['handler'] }, blocked, 401);
    expect(score.status?.right).toBe(false);
    expect(score.stages).toEqual({ right: false, wrong: ['handler'] });
    expect(marksAt(score, 1)).toEqual([{ type: 'missed', step: 1, stage: 'handler', stopper: { kind: 'middleware', name: 'requireUser' }, status: 401 }]);
    expect(marksAt(score, 2)).toEqual([{ type: 'status', step: 2, predicted: 200, actual: 401 }]);
  });

  it('marks a stage they did not expect at its first step', () => {
    const score = scorePrediction({ status: 200, offered, stages: ['handler'] }, through, 200);
    expect(score.stages.wrong).toEqual(['database']);
    expect(score.marks).toEqual([{ type: 'unexpected', step: 3, stage: 'database' }]);
  });

  it('puts a missed stage on the error step when the code failed before it', () => {
    const score = scorePrediction({ offered, stages: ['handler', 'database'] }, [receive, handler, failure, respond(500)], 500);
    expect(score.marks).toEqual([{ type: 'missed', step: 2, stage: 'database', stopper: { kind: 'error' }, status: 500 }]);
    // The status was left open: it is not scored.
    expect(score.status).toBeUndefined();
  });

  it('asks only about the stages it offered', () => {
    expect(scorePrediction({ offered: ['service:payment'], stages: [] }, through, 200).stages.right).toBe(true);
    expect([...reachedStages(through)].sort()).toEqual(['database', 'handler']);
  });

  it('scores the rows of the last SELECT when asked, marking that query', () => {
    const two: Step = { ...query, data: { ...query.data, rowCount: 2 } };
    const steps = [receive, middleware(true), query, handler, two, respond(200)];
    expect(scorePrediction({ offered, stages: ['handler', 'database'], rows: 2 }, steps, 200).rows).toEqual({ right: true, predicted: 2, actual: 2 });
    const wrong = scorePrediction({ offered, stages: ['handler', 'database'], rows: 3 }, steps, 200);
    expect(wrong.marks).toEqual([{ type: 'rows', step: 4, predicted: 3, actual: 2 }]);
    // Not asked: not scored.
    expect(scorePrediction({ offered, stages: [] }, steps, 200).rows).toBeUndefined();
    // No SELECT ran: zero rows, marked on the last step.
    expect(scorePrediction({ offered: [], stages: [], rows: 1 }, blocked, 401).marks).toEqual([{ type: 'rows', step: 2, predicted: 1, actual: 0 }]);
  });

  it('scores the number of queries when asked (N+1), marking the last query, or the last step when none ran', () => {
    const steps = [receive, handler, query, query, query, respond(200)];
    expect(scorePrediction({ offered, stages: ['handler', 'database'], queries: 3 }, steps, 200)).toMatchObject({ queries: { right: true, predicted: 3, actual: 3 }, marks: [] });
    expect(scorePrediction({ offered, stages: ['handler', 'database'], queries: 1 }, steps, 200).marks).toEqual([{ type: 'queries', step: 4, predicted: 1, actual: 3 }]);
    expect(scorePrediction({ offered: [], stages: [], queries: 1 }, blocked, 401).marks).toEqual([{ type: 'queries', step: 2, predicted: 1, actual: 0 }]);
    expect(scorePrediction({ offered, stages: [] }, steps, 200).queries).toBeUndefined();
  });

  it('reads a typed status code only when it is one', () => {
    expect(['404', ' 201 ', '99', '600', '2000', 'abc', ''].map(parseStatus)).toEqual([404, 201, undefined, undefined, undefined, undefined, undefined]);
    expect(['0', ' 12 ', '-1', '1.5', ''].map(parseCount)).toEqual([0, 12, undefined, undefined, undefined]);
  });
});

describe('counting right predictions', () => {
  it('counts each answered question once: status, stages, rows and queries', () => {
    const wrongStatus = scorePrediction({ status: 200, offered, stages: [] }, blocked, 401);
    expect(answersRight(wrongStatus)).toEqual({ right: 1, total: 2 });
    const all = scorePrediction({ status: 200, offered, stages: ['handler', 'database'], rows: 0, queries: 1 }, through, 200);
    expect(answersRight(all)).toEqual({ right: 4, total: 4 });
    // The status left open is not a prediction.
    expect(answersRight(scorePrediction({ offered, stages: ['handler'] }, blocked, 401))).toEqual({ right: 0, total: 1 });
  });
});
