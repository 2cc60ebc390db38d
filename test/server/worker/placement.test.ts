import { describe, expect, it } from 'vitest';
import { afterRequest, evacuates, forNewCode, freeSlot, leastLoaded, leavesBeforeWork, PROBATION_RUNS, type SlotView } from '../../../server/worker/placement.js';

const slot = (name: string, view: Partial<SlotView> = {}) => ({ name, quarantine: false, hosting: 0, waiting: 0, stuck: false, ...view });

describe('placement', () => {
  it('homes a new session on the regular worker with the fewest sessions, never in quarantine', () => {
    const slots = [slot('a', { hosting: 3 }), slot('b', { hosting: 1 }), slot('c', { hosting: 1 }), slot('q', { quarantine: true })];
    expect(leastLoaded(slots).name).toBe('b');
    expect(leastLoaded([slot('a', { hosting: 2 }), slot('q', { quarantine: true, hosting: 0 })]).name).toBe('a');
  });

  it('finds a free worker: not stuck, not quarantine, not the one left; fewest waiting jobs first, then fewest sessions', () => {
    const busy = slot('busy', { stuck: true, waiting: 0 });
    const quiet = slot('quiet', { waiting: 0, hosting: 5 });
    const emptier = slot('emptier', { waiting: 0, hosting: 2 });
    const queued = slot('queued', { waiting: 3, hosting: 0 });
    const quarantine = slot('q', { quarantine: true });
    const slots = [busy, queued, quiet, emptier, quarantine];
    expect(freeSlot(slots, busy)?.name).toBe('emptier');
    expect(freeSlot(slots, emptier)?.name).toBe('quiet');
    expect(freeSlot([busy, slot('also stuck', { stuck: true }), quarantine], busy)).toBeUndefined();
  });

  it('moves a session off its home before work only when the home is stuck on another session', () => {
    expect(leavesBeforeWork(slot('a', { stuck: true }), false)).toBe(true);
    expect(leavesBeforeWork(slot('a', { stuck: true }), true)).toBe(false);
    expect(leavesBeforeWork(slot('a'), false)).toBe(false);
    expect(leavesBeforeWork(slot('q', { quarantine: true, stuck: true }), false)).toBe(false);
    expect(evacuates(slot('a'))).toBe(true);
    expect(evacuates(slot('q', { quarantine: true }))).toBe(false);
  });

  it('keeps new code in quarantine for its probation, then lets it out', () => {
    let verdict = forNewCode();
    expect(verdict).toEqual({ probation: PROBATION_RUNS, to: 'quarantine' });
    const seen: string[] = [];
    for (let run = 0; run < PROBATION_RUNS; run++) {
      verdict = afterRequest({ probation: verdict.probation, quarantined: true }, false);
      seen.push(verdict.to);
    }
    expect(seen).toEqual([...Array(PROBATION_RUNS - 1).fill('stay'), 'regular']);
    expect(verdict.probation).toBe(0);
  });

  it('sends an offender back to quarantine on probation, wherever it was', () => {
    expect(afterRequest({ probation: 0, quarantined: false }, true)).toEqual({ probation: PROBATION_RUNS, to: 'quarantine' });
    expect(afterRequest({ probation: 1, quarantined: true }, true)).toEqual({ probation: PROBATION_RUNS, to: 'quarantine' });
  });

  it('leaves a well-behaved session among everyone else where it is', () => {
    expect(afterRequest({ probation: 0, quarantined: false }, false)).toEqual({ probation: 0, to: 'stay' });
    // Probation counts down even on a regular worker (new code that could not move yet).
    expect(afterRequest({ probation: 3, quarantined: false }, false)).toEqual({ probation: 2, to: 'stay' });
  });
});
