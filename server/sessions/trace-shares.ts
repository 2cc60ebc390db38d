import type { DatabaseSnapshot } from '../contract/api.js';
import type { SharedTrace } from '../contract/share.js';
import type { RowChange, Step, Trace } from '../contract/trace.js';
import { changesOf, tablesBefore } from '../contract/undo-row-changes.js';
import { HttpError } from '../http-error.js';
import { sharedCopy } from '../trace/shared-copy.js';
import type { KeptTrace } from './kept-trace.js';
import type { Session, SessionStore } from './session-store.js';

/** Links one session keeps; a newer one replaces the oldest, which then answers as expired. */
export const SHARES_PER_SESSION = 20;
/** Expired links remembered, so that they answer 410 ("it expired") rather than 404 ("never was"). */
const EXPIRED_REMEMBERED = 10_000;

interface TraceShare {
  /** Held weakly: a link must not keep an ended session in memory. */
  session: WeakRef<Session>;
  sessionId: string;
  traceId: string;
  shared: SharedTrace;
}

/** The session's tables to read at share time: the worker holds them. */
export type ReadTables = (sessionId: string) => Promise<DatabaseSnapshot>;

/** What the tables read now need to be the tables after a trace: the later writes to take back, or they cannot be. */
export type TablesAfter = { follow: 'steps'; undo: RowChange[] } | { follow: 'shared' };

const SCHEMA = /^\s*(create|drop|alter)\b/i;
const ROWS = /^\s*(insert|update|delete|replace)\b/i;

/**
 * Whether a step's writes can be taken back: it listed its rows in full (none cut), made or dropped
 * no table, and is no warning (a trace too large to keep left steps out, with a warning saying so).
 */
function undoable(step: Step): boolean {
  if (step.kind === 'log') return step.data.level !== 'warning';
  if (step.kind !== 'query' || step.data.error !== undefined) return true;
  if (SCHEMA.test(step.data.sql)) return false;
  return step.data.changes ? !step.data.changes.cut : !(ROWS.test(step.data.sql) && step.data.rowsAffected > 0);
}

/**
 * How the tables read now become the tables after `trace`: by taking back, newest first, the
 * writes of the session's later requests (a check runs on a copy, a request with no query writes
 * nothing). They cannot when the data was reset since, a later write cannot be taken back, or the
 * trace itself ran on a copy (a check).
 */
export function tablesAfter(trace: Trace, kept: KeptTrace[], dataSince: number | undefined): TablesAfter {
  if (trace.origin === 'check' || (dataSince !== undefined && Date.parse(trace.startedAt) <= dataSince)) return { follow: 'shared' };
  const index = kept.findIndex((stored) => stored.summary.id === trace.id);
  if (index === -1) return { follow: 'shared' };
  const undo: RowChange[] = [];
  for (const stored of kept.slice(0, index).reverse()) {
    if (stored.summary.origin === 'check' || stored.summary.queryCount === 0) continue;
    // The JSON is Gudang's own, written from a checked trace.
    const later = JSON.parse(stored.json) as Trace;
    if (!later.steps.every(undoable)) return { follow: 'shared' };
    undo.push(...later.steps.flatMap(changesOf));
  }
  return { follow: 'steps', undo };
}

/**
 * Read-only links to single traces. A link has its own random id, holds a copy of its trace (with
 * the session's id taken out) and the tables after it (or, when they cannot be known, as they
 * were when the link was made), and lives exactly as long as the session stays in
 * memory: once the session ends (idle expiry, a restart) its links answer 410, even if the session
 * is later reopened from the store.
 */
export class TraceShares {
  private readonly live = new Map<string, TraceShare>();
  private readonly expired = new Set<string>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly readTables: ReadTables,
    /** Random, and behind nginx one that hashes to this instance, which holds the link. */
    private readonly newId: () => string = () => sessions.newRoutedId(),
  ) {}

  /** A link to the trace; the same trace shared again gets the same link. */
  async share(session: Session, stored: KeptTrace): Promise<SharedTrace> {
    this.sweep();
    for (const [, share] of this.live) if (share.sessionId === session.id && share.traceId === stored.summary.id) return share.shared;
    // The JSON is Gudang's own, written from a checked trace.
    const trace = JSON.parse(stored.json) as Trace;
    const after = tablesAfter(trace, session.traces, session.dataSince);
    const now = await this.readTables(session.id);
    const shareId = this.newId();
    const { lesson } = session.entry;
    const shared: SharedTrace = {
      shareId,
      lesson: { id: lesson.id, title: lesson.title, services: lesson.services },
      trace: sharedCopy(trace),
      tables: after.follow === 'steps' ? tablesBefore(now, after.undo) : now,
      follow: after.follow,
    };
    this.live.set(shareId, { session: new WeakRef(session), sessionId: session.id, traceId: trace.id, shared });
    const own = [...this.live].filter(([, share]) => share.sessionId === session.id);
    for (const [id] of own.slice(0, Math.max(0, own.length - SHARES_PER_SESSION))) this.expire(id);
    return shared;
  }

  /** The shared trace; 410 once its session ended, 404 for an id that never was a link. */
  find(shareId: string): SharedTrace {
    this.sweep();
    const share = this.live.get(shareId);
    if (share) return share.shared;
    if (this.expired.has(shareId)) throw new HttpError(410, 'this shared trace has expired: the session it came from has ended');
    throw new HttpError(404, 'no such shared trace: check the link');
  }

  /** `live`, `expired` or `unknown`, for the page that opens a link. */
  state(shareId: string): 'live' | 'expired' | 'unknown' {
    this.sweep();
    return this.live.has(shareId) ? 'live' : this.expired.has(shareId) ? 'expired' : 'unknown';
  }

  private sweep() {
    for (const [id, share] of this.live) {
      const session = share.session.deref();
      if (!session || !this.sessions.isLive(session)) this.expire(id);
    }
  }

  private expire(id: string) {
    this.live.delete(id);
    this.expired.add(id);
    if (this.expired.size > EXPIRED_REMEMBERED) this.expired.delete(this.expired.values().next().value!);
  }
}
