import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../../../server/contract/trace.js';
import { pickTrace, traceToCompare } from '../../../web/src/compare/pick-traces.js';
import { solutionRun, starterRun, trace } from './compare-fixtures.js';

const summary = (id: string, origin: TraceSummary['origin']): TraceSummary => ({ ...trace(origin, 200, []), id, stepCount: 0, queryCount: 0 });

describe('ticking traces to compare', () => {
  it('ticks at most two: a third lets go of the first, a second tick of the same one unticks it', () => {
    expect(pickTrace([], 'a')).toEqual(['a']);
    expect(pickTrace(['a'], 'b')).toEqual(['a', 'b']);
    expect(pickTrace(['a', 'b'], 'c')).toEqual(['b', 'c']);
    expect(pickTrace(['a', 'b'], 'a')).toEqual(['b']);
  });
});

describe('the request Show solution compares', () => {
  it('is the open trace when the learner sent it', () => {
    expect(traceToCompare(starterRun, [summary('newer', 'learner')])).toBe(starterRun.id);
  });

  it('is otherwise the newest the learner sent, past checks and start-ups', () => {
    const summaries = [summary('check', 'check'), summary('startup', 'startup'), summary('mine', 'learner'), summary('older', 'learner')];
    expect(traceToCompare(solutionRun, summaries)).toBe('mine');
    expect(traceToCompare(undefined, summaries)).toBe('mine');
    expect(traceToCompare(undefined, [summary('check', 'check')])).toBeUndefined();
  });
});
