import { randomBytes } from 'node:crypto';
import type { DatabaseSnapshot } from '../contract/api.js';
import type { SharedTrace } from '../contract/share.js';
import type { Trace } from '../contract/trace.js';
import { HttpError } from '../http-error.js';
import { sharedCopy } from '../trace/shared-copy.js';
import type { Session, SessionStore, StoredTrace } from './session-store.js';

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

/**
 * Whether the tables read now are the tables after `trace`: only if no later request of the
 * session may have written since (a check runs on a copy, a request with no query writes nothing),
 * the data was not reset since, and the trace itself ran on the session's own data.
 */
export function tablesAfter(trace: Trace, kept: StoredTrace[], dataSince: number | undefined): 'steps' | 'shared' {
  if (trace.origin === 'check') return 'shared';
  if (dataSince !== undefined && Date.parse(trace.startedAt) <= dataSince) return 'shared';
  const index = kept.findIndex((stored) => stored.summary.id === trace.id);
  const later = index === -1 ? kept : kept.slice(0, index);
  return later.every((stored) => stored.summary.origin === 'check' || stored.summary.queryCount === 0) ? 'steps' : 'shared';
}

/**
 * Read-only links to single traces. A link has its own random id, holds a copy of its trace (with
 * the session's id taken out) and the tables, and lives exactly as long as the session stays in
 * memory: once the session ends (idle expiry, a restart) its links answer 410, even if the session
 * is later reopened from the store.
 */
export class TraceShares {
  private readonly live = new Map<string, TraceShare>();
  private readonly expired = new Set<string>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly readTables: ReadTables,
    private readonly newId: () => string = () => randomBytes(16).toString('base64url'),
  ) {}

  /** A link to the trace; the same trace shared again gets the same link. */
  async share(session: Session, stored: StoredTrace): Promise<SharedTrace> {
    this.sweep();
    for (const [, share] of this.live) if (share.sessionId === session.id && share.traceId === stored.summary.id) return share.shared;
    // The JSON is Gudang's own, written from a checked trace.
    const trace = JSON.parse(stored.json) as Trace;
    const tables = await this.readTables(session.id);
    const shareId = this.newId();
    const { lesson } = session.entry;
    const shared: SharedTrace = {
      shareId,
      lesson: { id: lesson.id, title: lesson.title, services: lesson.services },
      trace: sharedCopy(trace),
      tables,
      follow: tablesAfter(trace, session.traces, session.dataSince),
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
