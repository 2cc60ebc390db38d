import { describe, expect, it } from 'vitest';
import { solutionComparisonSchema, traceSchema } from '../../../server/contract/trace.js';

const trace = (origin: string) => ({ id: 't', sessionId: 's', startedAt: '2026-12-02T08:00:00.000Z', method: 'GET', url: '/', status: 200, durationMs: 1, origin, steps: [] });

describe('the solution comparison’s schema', () => {
  it('takes a learner trace and the solution’s run of it', () => {
    expect(solutionComparisonSchema.parse({ learner: trace('learner'), solution: trace('solution') }).solution.origin).toBe('solution');
  });

  it('knows the solution as an origin of its own, and no origin it does not know', () => {
    expect(traceSchema.safeParse(trace('solution')).success).toBe(true);
    expect(traceSchema.safeParse(trace('teacher')).success).toBe(false);
  });

  it('refuses an answer without either side', () => {
    expect(solutionComparisonSchema.safeParse({ learner: trace('learner') }).success).toBe(false);
    expect(solutionComparisonSchema.safeParse({ solution: trace('solution') }).success).toBe(false);
  });
});
