import { EventEmitter } from 'node:events';
import type { CompileProblem } from '../contract/api.js';
import type { Trace, TraceSummary } from '../contract/trace.js';
import type { CatalogEntry, LessonCatalog } from '../lessons/lesson-catalog.js';
import { compileLearnerCode, type CompiledCode } from '../sandbox/compile.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { HttpError } from '../http/http-error.js';
import { sessionIdMaker } from '../cluster/session-ids.js';
import { fitTrace } from '../trace/fit-trace.js';

export interface Session {
  id: string;
  entry: CatalogEntry;
  compiled: CompiledCode;
  /** Newest first, at most `traceLimit`. */
  traces: StoredTrace[];
  lastSeen: number;
}

export interface SessionStoreOptions {
  catalog: LessonCatalog;
  pool: WorkerPool;
  idleMs: number;
  traceLimit: number;
  /** One trace's JSON. @default 256 KiB */
  traceBytes?: number;
  /** All of a session's traces together; the oldest are dropped first. @default 2 MiB */
  traceListBytes?: number;
  /** nginx's upstream entries and this instance's own: new session ids then hash to this instance. */
  peers?: string[];
  self?: string;
}

/**
 * A trace as kept: its summary and its JSON. A class's traces are tens of thousands of small
 * objects as objects, a tenth of that as strings; and the JSON is what the API and SSE send anyway.
 */
export interface StoredTrace {
  summary: TraceSummary;
  json: string;
}

export function summarize(trace: Trace): TraceSummary {
  const { steps, ...rest } = trace;
  const error = steps.find((s) => s.kind === 'error');
  return { ...rest, stepCount: steps.length, queryCount: steps.filter((s) => s.kind === 'query').length, error: error?.kind === 'error' ? error.data.message : undefined };
}

/** Learner sessions: their code, their traces, their expiry. Databases live in the worker pool. */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly events = new EventEmitter();
  private readonly sweeper: NodeJS.Timeout;
  /** 128 random bits, base64url (22 characters); behind nginx, one that hashes to this instance. */
  private readonly newSessionId: () => string;

  constructor(private readonly options: SessionStoreOptions) {
    this.newSessionId = sessionIdMaker({ peers: options.peers, self: options.self });
    this.events.setMaxListeners(0);
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(60_000, options.idleMs / 2));
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  async create(lessonId: string): Promise<Session> {
    const entry = this.options.catalog.get(lessonId);
    if (!entry) throw new HttpError(404, `unknown lesson "${lessonId}"`, { field: 'lessonId' });
    const compiled = await this.compileOrThrow(entry.lesson.starterCode);
    const session: Session = { id: this.newSessionId(), entry, compiled, traces: [], lastSeen: Date.now() };
    this.sessions.set(session.id, session);
    this.options.pool.open(session.id, { dbBytes: entry.initialDb, code: compiled.js, services: entry.lesson.services, queryPlan: entry.queryPlan });
    return session;
  }

  /** The live session, or a 404 that says why; every use counts as activity. */
  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw new HttpError(404, 'no such session: it never existed or expired after being idle; create a new one with POST /api/sessions');
    session.lastSeen = Date.now();
    return session;
  }

  /** Compiles and installs new code; code that does not compile leaves the old code serving. */
  async setCode(id: string, source: string): Promise<Session> {
    const session = this.get(id);
    session.compiled = await this.compileOrThrow(source);
    this.options.pool.setCode(id, session.compiled.js);
    return session;
  }

  async reset(id: string): Promise<Session> {
    const session = this.get(id);
    const { entry } = session;
    session.compiled = await this.compileOrThrow(entry.lesson.starterCode);
    this.options.pool.replace(id, { dbBytes: entry.initialDb, code: session.compiled.js, services: entry.lesson.services, queryPlan: entry.queryPlan });
    return session;
  }

  addTrace(session: Session, recorded: Trace): void {
    // A request counts as activity when it ends too: a long queue must not expire a busy session.
    session.lastSeen = Date.now();
    const { traceBytes = 256 * 1024, traceListBytes = 2 * 1024 * 1024 } = this.options;
    const { trace, json } = fitTrace(recorded, traceBytes);
    session.traces.unshift({ summary: summarize(trace), json });
    if (session.traces.length > this.options.traceLimit) session.traces.length = this.options.traceLimit;
    let total = 0;
    const kept = session.traces.findIndex((stored) => (total += stored.json.length) > traceListBytes);
    if (kept > 0) session.traces.length = kept;
    this.events.emit(session.id, trace, json);
  }

  /** Calls `listener` with each new trace of the session until the returned function is called. */
  subscribe(id: string, listener: (trace: Trace, json: string) => void): () => void {
    this.get(id);
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  remove(id: string): void {
    if (!this.sessions.delete(id)) return;
    this.options.pool.close(id);
    this.events.removeAllListeners(id);
  }

  expireIdle(at = Date.now()): number {
    let removed = 0;
    for (const session of this.sessions.values()) {
      if (at - session.lastSeen > this.options.idleMs && this.events.listenerCount(session.id) === 0) {
        this.remove(session.id);
        removed++;
      }
    }
    return removed;
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private async compileOrThrow(source: string): Promise<CompiledCode> {
    const result = await compileLearnerCode(source);
    if (result.ok) return result.compiled;
    throw compileError(result.problem);
  }
}

function compileError(problem: CompileProblem): HttpError {
  return new HttpError(400, `your code does not compile: ${problem.message} (line ${problem.line}, column ${problem.column})`, { field: 'code', compile: problem });
}
