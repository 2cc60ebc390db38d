import { describe, expect, it } from 'vitest';
import { nextMatch } from '../../../web/src/traces/search/use-step-find.js';

describe('going from one found step to the next', () => {
  it('goes to the next match after the current step, and round to the first after the last', () => {
    expect(nextMatch([2, 5], 0, false)).toBe(2);
    expect(nextMatch([2, 5], 2, false)).toBe(5);
    expect(nextMatch([2, 5], 7, false)).toBe(2);
  });

  it('goes backwards to the match before, and round to the last before the first', () => {
    expect(nextMatch([2, 5], 7, true)).toBe(5);
    expect(nextMatch([2, 5], 5, true)).toBe(2);
    expect(nextMatch([2, 5], 2, true)).toBe(5);
  });

  it('goes nowhere when nothing matches', () => {
    expect(nextMatch([], 3, false)).toBeUndefined();
  });
});
