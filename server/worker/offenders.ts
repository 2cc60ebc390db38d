import { COSTLY_FAILURES } from '../limits/failures.js';
import type { SandboxOutcome } from '../sandbox/sandbox-types.js';

export interface OffenderPolicy {
  /** Costly outcomes in a row before a session is paused. @default 3 */
  strikesBeforePause: number;
  /** How long a paused session's requests are answered at once without running. @default 10 s */
  pauseMs: number;
}

/**
 * Which sessions keep costing a worker its deadline. One costly outcome sends a session to the
 * quarantine worker, away from everyone else; a few in a row pause it briefly, so an endless loop
 * sent again and again burns at most a few seconds of a core. New code forgives everything.
 */
export class Offenders {
  private readonly strikes = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(private readonly policy: OffenderPolicy = { strikesBeforePause: 3, pauseMs: 10_000 }) {}

  /** Records a request's outcome; true when the session is (now) an offender. */
  record(sessionId: string, outcome: SandboxOutcome['code'], now: number): boolean {
    if (!COSTLY_FAILURES.has(outcome)) {
      this.strikes.delete(sessionId);
      return false;
    }
    const strikes = (this.strikes.get(sessionId) ?? 0) + 1;
    this.strikes.set(sessionId, strikes);
    if (strikes >= this.policy.strikesBeforePause) this.pausedUntil.set(sessionId, now + this.policy.pauseMs);
    return true;
  }

  /** Whether the session's last request cost a worker its deadline or its engine. */
  isOffender(sessionId: string): boolean {
    return this.strikes.has(sessionId);
  }

  /** Milliseconds the session stays paused, or 0. */
  pausedFor(sessionId: string, now: number): number {
    const until = this.pausedUntil.get(sessionId) ?? 0;
    return Math.max(0, until - now);
  }

  forgive(sessionId: string): void {
    this.strikes.delete(sessionId);
    this.pausedUntil.delete(sessionId);
  }

  get pauseMs(): number {
    return this.policy.pauseMs;
  }

  get strikesBeforePause(): number {
    return this.policy.strikesBeforePause;
  }
}
