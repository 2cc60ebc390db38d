import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { ProgressTracker } from '../classes/progress-tracker.js';
import type { CompileProblem, SessionRestored } from '../contract/api.js';
import type { CheckReport } from '../contract/checks.js';
import type { PredictionCount } from '../contract/classes.js';
import type { Trace } from '../contract/trace.js';
import type { CatalogEntry, LessonCatalog } from '../lessons/lesson-catalog.js';
import { compileLearnerCode, type CompiledCode } from '../sandbox/compile.js';
import type { StartupResult } from '../sandbox/sandbox-types.js';
import { failureText } from '../contract/failure-words.js';
import { buildStartupTrace } from '../trace/build-trace.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { HttpError } from '../http-error.js';
import { sessionIdMaker } from '../cluster/session-ids.js';
import { fitTrace } from '../trace/fit-trace.js';
import { phaseEnd, phaseStart } from '../trace/phase-profile.js';
import type { DataStore } from '../store/data-store.js';
import { ImageSaver } from './image-saver.js';
import { KeptTrace, TraceDictionaries } from './kept-trace.js';

export interface Session {
  id: string;
  entry: CatalogEntry;
  compiled: CompiledCode;
  /** Newest first, at most `traceLimit`. */
  traces: KeptTrace[];
  lastSeen: number;
  /** The class student whose work this is; null for a learner of no class. */
  studentId: string | null;
  /** Set when this instance reopened the session from the store. */
  restored?: SessionRestored;
  /** When the lesson's data was last put back (reset): traces from before ran on other data. */
  dataSince?: number;
}

/** What POST /api/sessions answers: a student's earlier session may live on another instance. */
export interface SessionOpened {
  id: string;
  lessonId: string;
  code: string;
  restored?: SessionRestored;
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
  /** Where sessions' code and databases outlive this process. */
  store: DataStore;
  progress: ProgressTracker;
  /** A session's database is written at most this often. @default 1000 */
  imageSaveMs?: number;
  /** Sessions of no class unused this long are deleted from the store. @default 30 days */
  retentionMs?: number;
}

/** A class student's newest traces the store keeps per lesson, each at most this large, for their teacher. */
export const STORED_TRACES = 10;
const STORED_TRACE_BYTES = 64 * 1024;
const DEFAULT_TRACE_BYTES = 256 * 1024;

const NO_SUCH_SESSION = 'no such session: it never existed or was deleted after a long time unused; create a new one with POST /api/sessions';

/**
 * Learner sessions: their code, their traces, their idle expiry from memory. Databases live in
 * the worker pool; code and committed databases are also written to the store, so a session that
 * left memory (idle, a restart, a dead instance) opens again from there on first use.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  /** Sessions being read back from the store: concurrent first requests share one reopen. */
  private readonly opening = new Map<string, Promise<Session>>();
  private readonly events = new EventEmitter();
  private readonly sweeper: NodeJS.Timeout;
  private readonly images: ImageSaver;
  private readonly dictionaries = new TraceDictionaries();
  /** 128 random bits, base64url (22 characters); behind nginx, one that hashes to this instance. */
  private readonly newSessionId: () => string;

  constructor(private readonly options: SessionStoreOptions) {
    this.newSessionId = sessionIdMaker({ peers: options.peers, self: options.self });
    this.images = new ImageSaver(options.store, options.imageSaveMs ?? 1000);
    this.events.setMaxListeners(0);
    this.sweeper = setInterval(() => this.sweep(), Math.min(60_000, options.idleMs / 2));
    this.sweeper.unref();
    options.pool.onStartup = (sessionId, startup) => {
      const session = this.sessions.get(sessionId);
      if (session) this.addStartupTrace(session, session.compiled, startup);
    };
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Milliseconds of recent database image writes, for `npm run bench`. */
  get imageWriteMs(): readonly number[] {
    return this.images.writeMs;
  }

  /**
   * A new session on the lesson; for a class student who has one already, that one (with their
   * code and data), opened wherever its next request lands.
   */
  async create(lessonId: string, studentId: string | null = null): Promise<SessionOpened> {
    const entry = this.options.catalog.get(lessonId);
    if (!entry) throw new HttpError(404, `unknown lesson "${lessonId}"`, { field: 'lessonId' });
    if (studentId) {
      void this.options.progress.touch(studentId, lessonId).catch(warn);
      const earlier = await this.options.store.sessionOfStudent(studentId, lessonId);
      if (earlier) return { id: earlier.id, lessonId, code: this.sessions.get(earlier.id)?.compiled.source ?? earlier.code };
    }
    const compiled = await this.compileOrThrow(entry.lesson.starterCode);
    const now = Date.now();
    const session: Session = { id: this.newSessionId(), entry, compiled, traces: [], lastSeen: now, studentId };
    await this.options.store.saveSession({ id: session.id, studentId, lessonId, code: compiled.source, lastSeenAt: now, createdAt: now });
    this.sessions.set(session.id, session);
    this.options.pool.open(session.id, { dbBytes: entry.initialDb, code: compiled.js, services: entry.lesson.services, queryPlan: entry.queryPlan }, true);
    return { id: session.id, lessonId, code: compiled.source };
  }

  /** The live session, or a 404 that says why; every use counts as activity. Call `open` first. */
  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw new HttpError(404, NO_SUCH_SESSION);
    session.lastSeen = Date.now();
    return session;
  }

  /** A new id of 128 random bits that nginx routes to this instance, as a session's: for a share link. */
  newRoutedId(): string {
    return this.newSessionId();
  }

  /** Whether this very session (not one reopened since under its id) is still in memory; not counted as activity. */
  isLive(session: Session): boolean {
    return this.sessions.get(session.id) === session;
  }

  /** The session, from memory or else reopened from the store; a 404 when neither has it. */
  async open(id: string): Promise<Session> {
    if (this.sessions.has(id)) return this.get(id);
    let opening = this.opening.get(id);
    if (!opening) {
      opening = this.reopen(id).finally(() => this.opening.delete(id));
      this.opening.set(id, opening);
    }
    return opening;
  }

  private async reopen(id: string): Promise<Session> {
    // A write of this session may still be on its way (it just left memory): wait for it.
    await this.images.flush(id);
    const record = await this.options.store.loadSession(id);
    if (!record) throw new HttpError(404, NO_SUCH_SESSION);
    const entry = this.options.catalog.get(record.lessonId);
    if (!entry) throw new HttpError(404, `this session's lesson "${record.lessonId}" is no longer offered; create a new session with POST /api/sessions`);
    const saved = await compileLearnerCode(record.code);
    // Code saved by an older Gudang may no longer compile: the lesson's starter then, not a dead session.
    const compiled = saved.ok ? saved.compiled : await this.compileOrThrow(entry.lesson.starterCode);
    const session: Session = {
      id,
      entry,
      compiled,
      traces: [],
      lastSeen: Date.now(),
      studentId: record.studentId,
      restored: { savedAt: record.imageSavedAt, recentChangesMayBeLost: record.pendingSince !== null },
    };
    this.sessions.set(id, session);
    // Opened again, the code starts up again against the saved database, as a restarted server would.
    this.options.pool.open(id, { dbBytes: record.dbImage ?? entry.initialDb, code: compiled.js, services: entry.lesson.services, queryPlan: entry.queryPlan }, true);
    // What was lost is said once; the image as reopened is what the store holds from now on.
    if (record.pendingSince !== null) await this.options.store.saveImage(id, record.dbImage, record.imageSavedAt ?? Date.now());
    return session;
  }

  /** The learner was told that recent changes may be lost: it is said once, not on every later look. */
  restoredTold(session: Session): void {
    if (session.restored?.recentChangesMayBeLost) session.restored = { ...session.restored, recentChangesMayBeLost: false };
  }

  /**
   * Compiles new code and starts it (its top level runs, as a server's start-up). Code that does
   * not compile, or whose start-up fails, answers 400 with the line and leaves the old code serving.
   */
  async setCode(id: string, source: string): Promise<Session> {
    const session = this.get(id);
    const compiled = await this.compileOrThrow(source);
    const startup = await this.options.pool.setCode(id, compiled.js);
    const trace = this.addStartupTrace(session, compiled, startup);
    if (startup.outcome.code !== 'ok') throw startupError(failureText(startup.outcome, 'en'), trace);
    session.compiled = compiled;
    await this.saveCode(session);
    return session;
  }

  /** Records a start-up as a trace; the quiet ones (nothing done, nothing said) are not worth one. */
  private addStartupTrace(session: Session, compiled: CompiledCode, startup: StartupResult): Trace {
    const trace = buildStartupTrace({
      id: randomUUID(),
      sessionId: session.id,
      startedAt: startup.startedAt,
      endedAt: startup.endedAt,
      events: startup.events,
      ok: startup.outcome.code === 'ok',
      lineOf: compiled.lineOf,
    });
    if (trace.steps.length > 0) this.addTrace(session, trace);
    return trace;
  }

  async reset(id: string): Promise<Session> {
    const session = this.get(id);
    // The lesson as it is now: an instructor may have edited its starter or data since (dev reload).
    const entry = this.options.catalog.get(session.entry.lesson.id) ?? session.entry;
    session.compiled = await this.compileOrThrow(entry.lesson.starterCode);
    session.entry = entry;
    this.options.pool.replace(id, { dbBytes: entry.initialDb, code: session.compiled.js, services: entry.lesson.services, queryPlan: entry.queryPlan });
    await this.saveCode(session);
    this.images.committed(id, null);
    session.dataSince = Date.now();
    if (session.studentId) await this.options.progress.predictionsReset(session.studentId, entry.lesson.id);
    return session;
  }

  /** Puts the lesson's sample data back and keeps the learner's code (its app starts afresh). */
  resetData(id: string): Session {
    const session = this.get(id);
    const { entry } = session;
    this.options.pool.replace(id, { dbBytes: entry.initialDb, code: session.compiled.js, services: entry.lesson.services, queryPlan: entry.queryPlan });
    this.images.committed(id, null);
    session.dataSince = Date.now();
    return session;
  }

  /** The pool committed a change to the session's database: write it to the store (debounced). */
  committed(id: string, dbBytes: Uint8Array): void {
    if (this.sessions.has(id)) this.images.committed(id, dbBytes);
  }

  /** Predictions of a class student count on their lesson too; anyone else's stay in their browser. Answers whether they were kept. */
  async recordPredictions(session: Session, answers: PredictionCount): Promise<boolean> {
    if (!session.studentId) return false;
    await this.options.progress.predicted(session.studentId, session.entry.lesson.id, answers);
    return true;
  }

  /** A check run of a class student counts as their progress on the lesson. */
  async recordChecks(session: Session, report: CheckReport): Promise<void> {
    if (session.studentId) await this.options.progress.checked(session.studentId, session.entry.lesson.id, report);
  }

  private async saveCode(session: Session) {
    const now = Date.now();
    await this.options.store.saveSession({ id: session.id, studentId: session.studentId, lessonId: session.entry.lesson.id, code: session.compiled.source, lastSeenAt: now, createdAt: now });
    if (session.studentId) void this.options.progress.touch(session.studentId, session.entry.lesson.id, now).catch(warn);
  }

  addTrace(session: Session, recorded: Trace): void {
    // A request counts as activity when it ends too: a long queue must not expire a busy session.
    session.lastSeen = Date.now();
    if (session.studentId) void this.options.progress.touch(session.studentId, session.entry.lesson.id, session.lastSeen, false).catch(warn);
    const { traceBytes = DEFAULT_TRACE_BYTES, traceListBytes = 2 * 1024 * 1024 } = this.options;
    const fittingAt = phaseStart();
    const { trace, json } = fitTrace(recorded, traceBytes);
    phaseEnd('main:   of which the trace as JSON (fitTrace)', fittingAt);
    session.traces.unshift(new KeptTrace(trace, json, this.dictionaries.for(session.entry.lesson.id, trace, json)));
    if (session.traces.length > this.options.traceLimit) session.traces.length = this.options.traceLimit;
    let total = 0;
    const kept = session.traces.findIndex((stored) => {
      total += stored.bytes;
      return total > traceListBytes;
    });
    if (kept > 0) session.traces.length = kept;
    const emittingAt = phaseStart();
    this.events.emit(session.id, trace, json);
    phaseEnd('main:   of which SSE listeners', emittingAt);
    if (session.studentId) {
      const stored = json.length <= STORED_TRACE_BYTES ? json : fitTrace(trace, STORED_TRACE_BYTES).json;
      void this.options.store.saveTrace(session.id, { traceId: trace.id, recordedAt: session.lastSeen, json: stored }, STORED_TRACES).catch(warn);
    }
  }

  /** A trace bounded as a session's kept ones are, for one that is answered and not kept (the solution's run). */
  bounded(trace: Trace): Trace {
    return fitTrace(trace, this.options.traceBytes ?? DEFAULT_TRACE_BYTES).trace;
  }

  /** Calls `listener` with each new trace of the session until the returned function is called. */
  subscribe(id: string, listener: (trace: Trace, json: string) => void): () => void {
    this.get(id);
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  /** Takes the session out of memory; the store keeps it, and its last database is written first. */
  remove(id: string): void {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    this.options.pool.close(id);
    this.events.removeAllListeners(id);
    // Its last use, so the store's retention counts from there.
    const { studentId, lastSeen } = session;
    void this.images
      .forget(id)
      .then(() => this.options.store.saveSession({ id, studentId, lessonId: session.entry.lesson.id, code: session.compiled.source, lastSeenAt: lastSeen, createdAt: lastSeen }))
      .catch(warn);
  }

  /** Forgets, without writing anything, the live sessions of students whose class was deleted. */
  dropStudents(studentIds: ReadonlySet<string>): void {
    for (const session of [...this.sessions.values()]) {
      if (!session.studentId || !studentIds.has(session.studentId)) continue;
      this.sessions.delete(session.id);
      this.options.pool.close(session.id);
      this.events.removeAllListeners(session.id);
      this.images.discard(session.id);
    }
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

  private sweep() {
    this.expireIdle();
    if (this.options.retentionMs) void this.options.store.deleteAnonymousSessionsBefore(Date.now() - this.options.retentionMs).catch(warn);
  }

  /** Stops the sweeper and writes every database still waiting. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await this.images.flushAll();
  }

  private async compileOrThrow(source: string): Promise<CompiledCode> {
    const result = await compileLearnerCode(source);
    if (result.ok) return result.compiled;
    throw compileError(result.problem);
  }
}

const warn = (error: Error) => console.warn(`store: ${error.message}`);

/** Start-up failed: the learner reads the error and its line, and can open the start-up trace. */
function startupError(message: string, trace: Trace): HttpError {
  const error = trace.steps.find((step) => step.kind === 'error');
  const line = error?.line;
  const text = `${message} (while starting up${line ? `, line ${line}` : ''})`;
  return new HttpError(400, text, { field: 'code', ...(line ? { compile: { message: text, line, column: 1 } } : {}), startup: { traceId: trace.steps.length > 0 ? trace.id : undefined } });
}

function compileError(problem: CompileProblem): HttpError {
  return new HttpError(400, `your code does not compile: ${problem.message} (line ${problem.line}, column ${problem.column})`, { field: 'code', compile: problem });
}
