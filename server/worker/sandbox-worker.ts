/**
 * A worker thread that hosts many sessions: their databases and their loaded apps. One request
 * runs at a time; the pool on the main thread watches the clock and terminates this thread when a
 * request outlives its deadline (a runaway SQL statement cannot be interrupted from in here).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { loadSqlEngine } from '../database/sql-engine.js';
import { SessionDatabase } from '../database/session-database.js';
import { newBoundedQuickJS } from '../sandbox/quickjs-module.js';
import { SandboxApp, type SandboxHost } from '../sandbox/sandbox-app.js';
import type { SandboxLimits } from '../sandbox/sandbox-types.js';
import { callService, type ServiceConfig } from '../services/simulated-services.js';
import { hashPassword, verifyPassword } from '../services/passwords.js';
import { toWorkerSchema, type FromWorker, type SessionImage } from './protocol.js';

interface HostedSession {
  database: SessionDatabase;
  code: string;
  services: ServiceConfig[];
  app: SandboxApp | null;
}

/** Loaded apps kept per worker; the rest are loaded again on their next request. */
const APP_CACHE_SIZE = 32;

const limits = workerData.limits as SandboxLimits;
const sql = await loadSqlEngine();
// Cached apps share the bounded engine with the running request, so they get room of their own.
const quickjs: QuickJSWASMModule = await newBoundedQuickJS(limits.memoryBytes + 16 * 1024 * 1024);
const sessions = new Map<string, HostedSession>();
const loadedApps: string[] = [];

const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

function open(sessionId: string, image: SessionImage) {
  sessions.get(sessionId)?.database.close();
  sessions.get(sessionId)?.app?.dispose();
  sessions.set(sessionId, {
    database: SessionDatabase.fromBytes(sql, image.dbBytes, limits),
    code: image.code,
    services: image.services,
    app: null,
  });
}

function close(sessionId: string) {
  const session = sessions.get(sessionId);
  if (!session) return;
  session.app?.dispose();
  session.database.close();
  sessions.delete(sessionId);
}

function dropAllApps() {
  for (const session of sessions.values()) {
    session.app?.dispose();
    session.app = null;
  }
  loadedApps.length = 0;
}

function rememberApp(sessionId: string) {
  const at = loadedApps.indexOf(sessionId);
  if (at !== -1) loadedApps.splice(at, 1);
  loadedApps.push(sessionId);
  while (loadedApps.length > APP_CACHE_SIZE) {
    const evicted = sessions.get(loadedApps.shift()!);
    evicted?.app?.dispose();
    if (evicted) evicted.app = null;
  }
}

function handleRequest(message: Extract<ReturnType<typeof toWorkerSchema.parse>, { type: 'request' }>) {
  const session = sessions.get(message.sessionId);
  if (!session) return post({ type: 'failed', id: message.id, message: 'session is not hosted here' });
  const host: SandboxHost = {
    query: (text, params, method) => session.database.execute(text, params, method),
    hash: hashPassword,
    verify: verifyPassword,
    service: (service, operation, input) => callService(session.services, service, operation, input),
  };
  const changesBefore = session.database.totalChanges();
  if (!session.app) {
    const loaded = SandboxApp.load(quickjs, session.code, message.limits);
    if (!(loaded instanceof SandboxApp)) {
      const at = loaded.frames[0] ? ([loaded.frames[0].line, loaded.frames[0].column] as [number, number]) : undefined;
      const response = { status: 500, headers: [['Content-Type', 'text/html; charset=utf-8']] as [string, string][], body: '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Internal Server Error</pre>\n</body>\n</html>\n' };
      return post({
        type: 'result',
        id: message.id,
        result: {
          outcome: { code: loaded.code, message: loaded.message },
          response,
          events: [{ type: 'error', t: performance.timeOrigin + performance.now(), code: loaded.code, message: loaded.message, frames: loaded.frames, at }],
        },
      });
    }
    session.app = loaded;
  }
  rememberApp(message.sessionId);
  const result = session.app.handle(message.request, host, message.limits);
  if (result.outcome.code !== 'ok') session.database.rollbackOpenTransaction();
  if (!session.app.reusable) {
    session.app.dispose();
    session.app = null;
  }
  if (result.outcome.code === 'out_of_memory') dropAllApps();
  if (session.database.totalChanges() !== changesBefore) {
    return post({ type: 'result', id: message.id, result, dbBytes: session.database.exportBytes() });
  }
  post({ type: 'result', id: message.id, result });
}

parentPort!.on('message', (raw: unknown) => {
  const parsed = toWorkerSchema.safeParse(raw);
  if (!parsed.success) return;
  const message = parsed.data;
  switch (message.type) {
    case 'open':
      return open(message.sessionId, message.image);
    case 'code': {
      const session = sessions.get(message.sessionId);
      if (!session) return;
      session.app?.dispose();
      session.app = null;
      session.code = message.code;
      return;
    }
    case 'close':
      return close(message.sessionId);
    case 'request':
      return handleRequest(message);
    case 'database': {
      const session = sessions.get(message.sessionId);
      if (!session) return post({ type: 'failed', id: message.id, message: 'session is not hosted here' });
      return post({ type: 'database', id: message.id, snapshot: session.database.snapshot() });
    }
  }
});

post({ type: 'ready' });
