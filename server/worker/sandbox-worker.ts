/**
 * A worker thread that hosts many sessions: their databases and their loaded apps. One message is
 * handled at a time, in order; the pool on the main thread watches the clock and terminates this
 * thread when a request outlives its deadline (a runaway SQL statement cannot be interrupted here).
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { loadSqlEngine, sqlMemory } from '../database/sql-engine.js';
import { SessionDatabase } from '../database/session-database.js';
import { newBoundedQuickJS } from '../sandbox/quickjs-module.js';
import { failureEvent, INTERNAL_ERROR } from '../sandbox/outcomes.js';
import { now, SandboxApp, type RunResult, type SandboxHost } from '../sandbox/sandbox-app.js';
import type { SandboxLimits } from '../sandbox/sandbox-types.js';
import { callService, type ServiceConfig } from '../services/simulated-services.js';
import { hashPassword, verifyPassword } from '../services/passwords.js';
import { claim } from './job-claims.js';
import { encodeFromWorker, toWorkerSchema, type FromWorker, type SessionImage, type ToWorker } from './protocol.js';

interface HostedSession {
  database: SessionDatabase;
  code: string;
  services: ServiceConfig[];
  app: SandboxApp | null;
}

/** Loaded apps kept per worker; the others load again on their next request (a few ms). */
const APP_CACHE_SIZE = 128;
/** Growth of this thread's WebAssembly memory in one request that makes it retire. */
const RETIRE_AFTER_GROWTH = 64 * 1024 * 1024;
/** Cached apps share the bounded engine with the running request, so they get room of their own. */
const CACHE_MEMORY = 32 * 1024 * 1024;

const limits = workerData.limits as SandboxLimits;
const claims = workerData.claims as Int32Array;
const sql = await loadSqlEngine();
let quickjs: QuickJSWASMModule = await newBoundedQuickJS(limits.memoryBytes + CACHE_MEMORY);
/** Set when an app could not be freed cleanly: the engine is replaced before the next request. */
let engineTainted = false;
const sessions = new Map<string, HostedSession>();
const loadedApps: string[] = [];

const post = (message: FromWorker) => {
  const { wire, transfer } = encodeFromWorker(message);
  parentPort!.postMessage(wire, transfer);
};

function unloadApp(session: HostedSession) {
  if (session.app && !session.app.dispose()) engineTainted = true;
  session.app = null;
}

function open(sessionId: string, image: SessionImage) {
  close(sessionId);
  sessions.set(sessionId, { database: SessionDatabase.fromBytes(sql, image.dbBytes, limits, { queryPlan: image.queryPlan ?? false }), code: image.code, services: image.services, app: null });
}

function close(sessionId: string) {
  const session = sessions.get(sessionId);
  if (!session) return;
  unloadApp(session);
  session.database.close();
  sessions.delete(sessionId);
}

/** A fresh engine: every loaded app goes with the old one, which the garbage collector frees. */
async function replaceEngine() {
  for (const session of sessions.values()) session.app = null;
  loadedApps.length = 0;
  quickjs = await newBoundedQuickJS(limits.memoryBytes + CACHE_MEMORY);
  engineTainted = false;
}

function rememberApp(sessionId: string) {
  const at = loadedApps.indexOf(sessionId);
  if (at !== -1) loadedApps.splice(at, 1);
  loadedApps.push(sessionId);
  while (loadedApps.length > APP_CACHE_SIZE) {
    const evicted = sessions.get(loadedApps.shift()!);
    if (evicted) unloadApp(evicted);
  }
}

function run(session: HostedSession, sessionId: string, request: Extract<ToWorker, { type: 'request' }>['request'], requestLimits: SandboxLimits): RunResult {
  if (!session.app) {
    const loaded = SandboxApp.load(quickjs, session.code, requestLimits);
    if (!(loaded instanceof SandboxApp)) {
      if (loaded.failure.code !== 'runtime_error') engineTainted = true;
      return { outcome: loaded.failure, response: INTERNAL_ERROR, events: [failureEvent(loaded.failure, now(), loaded.frames)] };
    }
    session.app = loaded;
  }
  rememberApp(sessionId);
  const host: SandboxHost = {
    query: (text, params) => session.database.execute(text, params),
    hash: hashPassword,
    verify: verifyPassword,
    service: (service, operation, input) => callService(session.services, service, operation, input),
  };
  const result = session.app.handle(request, host, requestLimits);
  if (!session.app.reusable) unloadApp(session);
  if (result.outcome.code === 'out_of_memory') engineTainted = true;
  return result;
}

async function handle(message: ToWorker) {
  // Each job's SQL may grow sql.js's memory by a bounded amount (a request's by its own limit).
  sqlMemory.allow(message.type === 'request' ? message.limits.sqlMemoryBytes : limits.sqlMemoryBytes);
  switch (message.type) {
    case 'open':
      return open(message.sessionId, message.image);
    case 'close':
      return close(message.sessionId);
    case 'code': {
      const session = sessions.get(message.sessionId);
      if (!session) return;
      unloadApp(session);
      session.code = message.code;
      return;
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
      if (engineTainted) await replaceEngine();
      const memoryBefore = getHeapStatistics().external_memory;
      const result = run(session, message.sessionId, message.request, message.limits);
      if (result.outcome.code !== 'ok') session.database.rollbackOpenTransaction();
      const changed = session.database.takeDirty();
      // WebAssembly memory never shrinks: a request that grew it a lot (SQL building a huge string)
      // asks the pool for a fresh worker, so the memory goes back to the system.
      const retire = getHeapStatistics().external_memory - memoryBefore > RETIRE_AFTER_GROWTH;
      return post({ type: 'result', id: message.id, result, retire, ...(changed ? { dbBytes: session.database.exportBytes() } : {}) });
    }
  }
}

// Messages are handled strictly in order, even when one waits for a new engine.
let queue = Promise.resolve();
parentPort!.on('message', (raw: unknown) => {
  const parsed = toWorkerSchema.safeParse(raw);
  if (!parsed.success) return;
  const message = parsed.data;
  queue = queue
    // A job the pool took back (to run on a free worker while this one was busy) is skipped.
    .then(() => ('id' in message && !claim(claims, message.id) ? undefined : handle(message)))
    .catch((error: unknown) => {
      if ('id' in message) post({ type: 'failed', id: message.id, message: (error as Error).message ?? String(error) });
    });
});

post({ type: 'ready' });
