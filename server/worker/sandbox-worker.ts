/**
 * A worker thread that hosts many sessions: their databases and their loaded apps. One message is
 * handled at a time, in order; the pool on the main thread watches the clock and terminates this
 * thread when a request outlives its deadline (a runaway SQL statement cannot be interrupted here).
 */
import { LRUCache } from 'lru-cache';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlEngine, sqlMemory } from '../database/sql-engine.js';
import { SessionDatabase } from '../database/session-database.js';
import { failedRun } from '../sandbox/outcomes.js';
import { SandboxApp } from '../sandbox/sandbox-app.js';
import type { RunResult, SandboxEvent, SandboxHost, SandboxLimits, SandboxOutcome, StartupResult } from '../sandbox/sandbox-types.js';
import type { ServiceConfig } from '../contract/services.js';
import { callService } from '../services/simulated-services.js';
import { hashPassword, verifyPassword } from '../services/passwords.js';
import { type Engine, EngineShelves } from './engine-shelves.js';
import { claim } from './job-claims.js';
import { PROFILING, requestAdd, requestAddUs, requestBegin, requestEnd } from '../trace/phase-profile.js';
import { decodeToWorker, encodeFromWorker, type FromWorker, type SessionImage, type ToWorker } from './protocol.js';

interface HostedSession {
  database: SessionDatabase;
  code: string;
  services: ServiceConfig[];
  app: SandboxApp | null;
  /** The engine its app lives in, while it has one. */
  engine: Engine | null;
}

/** Growth of this thread's WebAssembly memory in one request that makes it retire. */
const RETIRE_AFTER_GROWTH = 64 * 1024 * 1024;

const limits = workerData.limits as SandboxLimits;
const claims = workerData.claims as Int32Array;
/** Apps kept loaded in this worker (GUDANG_RESIDENT_APPS); past it, the least recently used start up again on their next request. */
const residentApps = (workerData.residentApps as number | undefined) ?? 1000;
const sql = await loadSqlEngine();
const shelves = new EngineShelves(limits.memoryBytes);
// The first engine is made now, so the spare app can be prepared in it before the first session arrives.
await shelves.withRoom();
const sessions = new Map<string, HostedSession>();

/** Profiling only: what encoding and posting the last result took (added to the next one's phases). */
let lastPostUs: number | undefined;

const post = (message: FromWorker) => {
  const postingAt = PROFILING ? performance.now() : 0;
  const { wire, transfer } = encodeFromWorker(message);
  parentPort!.postMessage(wire, transfer);
  if (PROFILING && message.type === 'result') lastPostUs = (performance.now() - postingAt) * 1000;
};

function unloadApp(session: HostedSession) {
  const { app, engine } = session;
  session.app = null;
  session.engine = null;
  if (!app || !engine) return;
  // A runtime that cannot be freed (a promise loop cut off) leaves its engine unsafe to reuse.
  if (!app.dispose()) engine.tainted = true;
  shelves.release(engine);
}

/** The sessions whose apps stay loaded, least recently used first out. */
const loadedApps = new LRUCache<string, HostedSession>({ max: residentApps, dispose: unloadApp });

function open(sessionId: string, image: SessionImage) {
  close(sessionId);
  sessions.set(sessionId, {
    database: SessionDatabase.fromBytes(sql, image.dbBytes, limits, { queryPlan: image.queryPlan ?? false }),
    code: image.code,
    services: image.services,
    app: null,
    engine: null,
  });
}

function close(sessionId: string) {
  const session = sessions.get(sessionId);
  if (!session) return;
  loadedApps.delete(sessionId);
  unloadApp(session);
  session.database.close();
  sessions.delete(sessionId);
}

/** A runtime with the prelude already evaluated, prepared while the worker is idle, and its engine. */
let spare: { app: SandboxApp; engine: Engine } | null = null;
/** Messages received and not yet handled. */
let pending = 0;

/**
 * Preparing takes tens of milliseconds and blocks the thread, so it waits for a quiet moment: a
 * save is usually followed at once by the request that tries it, which should not wait behind it.
 */
const SPARE_AFTER_IDLE_MS = 50;
let spareTimer: NodeJS.Timeout | null = null;

function prepareSpareWhenIdle() {
  if (spareTimer) clearTimeout(spareTimer);
  spareTimer = setTimeout(() => {
    spareTimer = null;
    // A spare whose engine went (emptied, or dropped) or filled is no use.
    if (spare && !shelves.hasRoom(spare.engine)) spare = null;
    const engine = shelves.existingWithRoom();
    if (pending > 0 || spare || !engine) return;
    try {
      spare = { app: SandboxApp.prepare(engine.quickjs), engine };
    } catch {
      engine.tainted = true;
    }
  }, SPARE_AFTER_IDLE_MS);
  spareTimer.unref();
}

/**
 * Before a session's app runs: when its engine is tainted, or its memory has grown so that a
 * request's budget no longer fits (WebAssembly memory never shrinks), the engine goes with every
 * app in it, which start up again on their next request elsewhere.
 */
function leaveUnusableEngine(session: HostedSession) {
  if (session.engine && !shelves.usable(session.engine)) dropEngine(session.engine);
}

/** Forgets an engine and the apps in it without freeing them one by one: the garbage collector frees its memory whole. */
function dropEngine(engine: Engine) {
  if (spare?.engine === engine) spare = null;
  for (const [sessionId, session] of sessions) {
    if (session.engine !== engine) continue;
    session.app = null;
    session.engine = null;
    loadedApps.delete(sessionId);
  }
  shelves.remove(engine);
}

function rememberApp(sessionId: string) {
  const session = sessions.get(sessionId);
  if (session) loadedApps.set(sessionId, session);
}

/** Names Gudang's own ROLLBACK in the trace (the query step's SQL). */
const GUDANG_ROLLBACK = 'ROLLBACK -- by Gudang: the code ended with its transaction still open';

/**
 * Rolls back what a run left uncommitted: a failed one, or one that answered without COMMIT (sql.js
 * cannot export a database in a transaction). When that undid rows, it is the run's last query
 * step, so the stepper shows the writes and then their undoing, as for the learner's own ROLLBACK.
 */
function rollBackOpen(session: HostedSession, outcome: SandboxOutcome, events: SandboxEvent[]) {
  if (outcome.code === 'ok' && !session.database.inTransaction()) return;
  const changes = session.database.rollbackOpenTransaction();
  if (!changes) return;
  events.push({
    type: 'query',
    t: performance.timeOrigin + performance.now(),
    durationMs: 0,
    method: 'run',
    sql: GUDANG_ROLLBACK,
    params: [],
    columns: [],
    rows: [],
    rowCount: 0,
    rowsAffected: 0,
    changes,
  });
}

function hostFor(session: HostedSession): SandboxHost {
  return {
    query: (text, params) => {
      const queryingAt = PROFILING ? performance.now() : 0;
      try {
        return session.database.execute(text, params);
      } finally {
        requestAdd('    sql.js (execute, row changes included)', queryingAt);
      }
    },
    hash: hashPassword,
    verify: verifyPassword,
    service: (service, operation, input) => callService(session.services, service, operation, input),
  };
}

/**
 * Loads `code` and runs its start-up against the session's database, as a server does when it
 * starts. What start-up left uncommitted is rolled back when it failed, as for a failed request.
 */
async function startUp(session: HostedSession, code: string, startupLimits: SandboxLimits): Promise<{ app: SandboxApp | null; engine: Engine; startup: StartupResult }> {
  const engine = spare && shelves.hasRoom(spare.engine) ? spare.engine : await shelves.withRoom();
  const prepared = spare?.engine === engine ? spare.app : undefined;
  spare = null;
  // Held while it starts, so an engine emptied meanwhile (the old app replaced) is not dropped under it.
  shelves.hold(engine);
  const loaded = SandboxApp.load(engine.quickjs, code, startupLimits, hostFor(session), prepared);
  const { outcome } = loaded.startup;
  if (outcome.code === 'timeout' || outcome.code === 'out_of_memory' || loaded.engineUnsafe) engine.tainted = true;
  if (!loaded.app) shelves.release(engine);
  rollBackOpen(session, outcome, loaded.startup.events);
  return { ...loaded, engine };
}

/** The session's app, started up now if it is not loaded (first request, or after an eviction). */
async function ensureApp(session: HostedSession, sessionId: string, requestLimits: SandboxLimits): Promise<StartupResult | undefined> {
  leaveUnusableEngine(session);
  if (session.app) return undefined;
  const { app, engine, startup } = await startUp(session, session.code, requestLimits);
  if (app) {
    session.app = app;
    session.engine = engine;
    rememberApp(sessionId);
  }
  return startup;
}

async function run(
  session: HostedSession,
  sessionId: string,
  request: Extract<ToWorker, { type: 'request' }>['request'],
  requestLimits: SandboxLimits,
): Promise<{ result: RunResult; startup?: StartupResult }> {
  const startup = await ensureApp(session, sessionId, requestLimits);
  if (!session.app) {
    // The request cannot be handled: it fails as start-up did (whose trace shows where).
    const failure = startup!.outcome as Exclude<StartupResult['outcome'], { code: 'ok' }>;
    return { startup, result: failedRun(failure) };
  }
  rememberApp(sessionId);
  const result = session.app.handle(request, hostFor(session), requestLimits);
  const engine = session.engine!;
  if (result.outcome.code === 'out_of_memory') engine.tainted = true;
  if (!session.app.reusable) loadedApps.delete(sessionId);
  return { result, startup };
}

/** The database bytes to keep on the main thread, when something changed them. */
function changedBytes(session: HostedSession): { dbBytes?: Uint8Array } {
  if (!session.database.takeDirty()) return {};
  const exportingAt = PROFILING ? performance.now() : 0;
  const dbBytes = session.database.exportBytes();
  requestAdd('export the database (after a write)', exportingAt);
  return { dbBytes };
}

async function handle(message: ToWorker, parseUs?: number) {
  // Each job's SQL may grow sql.js's memory by a bounded amount (a request's by its own limit).
  sqlMemory.allow(message.type === 'request' ? message.limits.sqlMemoryBytes : limits.sqlMemoryBytes);
  switch (message.type) {
    case 'open':
      return open(message.sessionId, message.image);
    case 'start': {
      // Reset and new sessions start their code at once, so start-up's tables exist before any request.
      const session = sessions.get(message.sessionId);
      if (!session) return post({ type: 'failed', id: message.id, message: 'session is not hosted here' });
      const startup = await ensureApp(session, message.sessionId, limits);
      return post({ type: 'loaded', id: message.id, ...(startup ? { startup } : {}), ...changedBytes(session) });
    }
    case 'close':
      return close(message.sessionId);
    case 'code': {
      const session = sessions.get(message.sessionId);
      if (!session) return post({ type: 'failed', id: message.id, message: 'session is not hosted here' });
      leaveUnusableEngine(session);
      // The new code starts beside the old app, which keeps serving if start-up fails.
      const { app, engine, startup } = await startUp(session, message.code, limits);
      if (app) {
        loadedApps.delete(message.sessionId);
        unloadApp(session);
        session.app = app;
        session.engine = engine;
        session.code = message.code;
        rememberApp(message.sessionId);
      }
      return post({ type: 'loaded', id: message.id, startup, ...changedBytes(session) });
    }
    case 'database': {
      const session = sessions.get(message.sessionId);
      if (!session) return post({ type: 'failed', id: message.id, message: 'session is not hosted here' });
      return post({ type: 'database', id: message.id, snapshot: session.database.snapshot() });
    }
    case 'select': {
      const session = sessions.get(message.sessionId);
      if (!session) return post({ type: 'failed', id: message.id, message: 'session is not hosted here' });
      try {
        return post({ type: 'rows', id: message.id, rows: session.database.execute(message.sql, null).rows });
      } catch (error) {
        return post({ type: 'failed', id: message.id, message: (error as Error).message });
      }
    }
    case 'request': {
      const session = sessions.get(message.sessionId);
      if (!session) return post({ type: 'failed', id: message.id, message: 'session is not hosted here' });
      const handlingAt = PROFILING ? performance.now() : 0;
      requestBegin();
      if (lastPostUs !== undefined) requestAddUs('encode + post the result', lastPostUs);
      if (parseUs !== undefined) requestAddUs('check the job', parseUs);
      const memoryBefore = getHeapStatistics().external_memory;
      const runningAt = PROFILING ? performance.now() : 0;
      const { result, startup } = await run(session, message.sessionId, message.request, message.limits);
      requestAdd('run the app (QuickJS, host calls, sql.js)', runningAt);
      rollBackOpen(session, result.outcome, result.events);
      // WebAssembly memory never shrinks: a request that grew it a lot (SQL building a huge string)
      // asks the pool for a fresh worker, so the memory goes back to the system.
      const retire = getHeapStatistics().external_memory - memoryBefore > RETIRE_AFTER_GROWTH;
      const dbBytes = changedBytes(session);
      requestAdd('total (from the job to its result)', handlingAt);
      const profile = requestEnd();
      return post({ type: 'result', id: message.id, result, retire, ...(startup ? { startup } : {}), ...dbBytes, ...(profile ? { profile } : {}) });
    }
  }
}

// Messages are handled strictly in order, even when one waits for a new engine.
let queue = Promise.resolve();
parentPort!.on('message', (raw: unknown) => {
  const parsingAt = PROFILING ? performance.now() : 0;
  const parsed = decodeToWorker(raw);
  const parseUs = PROFILING ? (performance.now() - parsingAt) * 1000 : undefined;
  if (!parsed.success) return;
  const message = parsed.data;
  pending++;
  queue = queue
    // A job the pool took back (to run on a free worker while this one was busy) is skipped.
    .then(() => ('id' in message && !claim(claims, message.id) ? undefined : handle(message, parseUs)))
    .catch((error: unknown) => {
      if ('id' in message) post({ type: 'failed', id: message.id, message: (error as Error).message ?? String(error) });
    })
    .finally(() => {
      pending--;
      prepareSpareWhenIdle();
    });
});

prepareSpareWhenIdle();
post({ type: 'ready' });
