import { describe, expect, it } from 'vitest';
import { Offenders } from '../../../server/worker/offenders.js';

describe('offenders', () => {
  it('marks a session whose request cost a worker its deadline, and forgets it when it behaves', () => {
    const offenders = new Offenders({ strikesBeforePause: 3, pauseMs: 10_000 });
    expect(offenders.record('a', 'ok', 0)).toBe(false);
    expect(offenders.record('a', 'runtime_error', 0)).toBe(false);
    expect(offenders.record('a', 'timeout', 0)).toBe(true);
    expect(offenders.record('a', 'out_of_memory', 0)).toBe(true);
    expect(offenders.record('a', 'ok', 0)).toBe(false);
    expect(offenders.record('a', 'sandbox_crashed', 0)).toBe(true);
    expect(offenders.pausedFor('a', 0)).toBe(0);
  });

  it('pauses a session after strikes in a row, until the pause ends or its code changes', () => {
    const offenders = new Offenders({ strikesBeforePause: 3, pauseMs: 10_000 });
    for (const t of [0, 1, 2]) offenders.record('a', 'timeout', t);
    expect(offenders.pausedFor('a', 5)).toBe(9_997);
    expect(offenders.pausedFor('a', 10_002)).toBe(0);
    expect(offenders.pausedFor('b', 5)).toBe(0);
    for (const t of [0, 1, 2]) offenders.record('c', 'timeout', t);
    offenders.forgive('c');
    expect(offenders.pausedFor('c', 5)).toBe(0);
  });
});
