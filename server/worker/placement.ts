/**
 * Where sessions run, decided on what the pool can see of its workers and nothing else (no clock,
 * no threads): new sessions spread over the regular workers, new code and offenders wait in
 * quarantine until they behave, and sessions stuck behind a long job move to a free worker.
 */

/** What placement reads of a worker slot. */
export interface SlotView {
  /** The quarantine worker: new code and offenders, away from everyone else. */
  readonly quarantine: boolean;
  /** Sessions it hosts. */
  readonly hosting: number;
  /** Jobs waiting to be sent to it. */
  readonly waiting: number;
  /** Not ready, retiring, or running one job for too long. */
  readonly stuck: boolean;
}

/** Requests that new code must answer within its limits before it runs beside everyone else. */
export const PROBATION_RUNS = 3;

/** How a session stands: requests still to answer on probation, and whether it is in quarantine. */
export interface Standing {
  probation: number;
  quarantined: boolean;
}

/** Where a session goes next ('stay': where it is) and its probation from now on. */
export interface Verdict {
  probation: number;
  to: 'quarantine' | 'regular' | 'stay';
}

/** The regular worker hosting the fewest sessions (the first of equals): a new session's home. */
export function leastLoaded<S extends SlotView>(slots: readonly S[]): S {
  return slots.filter((slot) => !slot.quarantine).reduce((best, slot) => (slot.hosting < best.hosting ? slot : best));
}

/** The regular worker, other than `except`, that is not stuck and has the fewest jobs waiting, then the fewest sessions. */
export function freeSlot<S extends SlotView>(slots: readonly S[], except: S): S | undefined {
  const candidates = slots.filter((slot) => !slot.quarantine && slot !== except && !slot.stuck);
  return candidates.sort((a, b) => a.waiting - b.waiting || a.hosting - b.hosting)[0];
}

/**
 * Whether a session about to send work should first move off its home: the home is stuck on
 * another session's job. Offenders in quarantine wait for each other; they never move back among everyone else.
 */
export function leavesBeforeWork(home: SlotView, homeRunsThisSession: boolean): boolean {
  return !home.quarantine && home.stuck && !homeRunsThisSession;
}

/** Whether the sessions waiting behind a stuck slot's long job move away. */
export function evacuates(slot: SlotView): boolean {
  return !slot.quarantine;
}

/** New code is untrusted until it has answered a few requests within its limits. */
export function forNewCode(): Verdict {
  return { probation: PROBATION_RUNS, to: 'quarantine' };
}

/**
 * After a request: an offender (its request cost a worker its deadline) goes to quarantine on
 * probation again; otherwise probation counts down, and a session that served it leaves quarantine.
 */
export function afterRequest(standing: Standing, offended: boolean): Verdict {
  if (offended) return { probation: PROBATION_RUNS, to: 'quarantine' };
  const left = standing.probation - 1;
  if (left > 0) return { probation: left, to: 'stay' };
  return standing.quarantined ? { probation: 0, to: 'regular' } : { probation: standing.probation, to: 'stay' };
}
