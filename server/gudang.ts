import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GudangConfig } from './config.js';
import { loadSqlEngine } from './database/sql-engine.js';
import { codeProblems } from './checks/code-problems.js';
import { createApp } from './http/create-app.js';
import { LessonCatalog } from './lessons/lesson-catalog.js';
import { ProgressTracker } from './classes/progress-tracker.js';
import { SessionStore } from './sessions/session-store.js';
import type { DataStore } from './store/data-store.js';
import { openStore } from './store/open-store.js';
import { WorkerPool } from './worker/worker-pool.js';

export interface Gudang {
  server: Server;
  url: string;
  catalog: LessonCatalog;
  sessions: SessionStore;
  pool: WorkerPool;
  store: DataStore;
  close(): Promise<void>;
}

/** Builds and starts the whole server: lessons, worker pool, sessions, HTTP. */
export async function startGudang(config: GudangConfig, paths: { workerUrl: URL; webDir?: string }): Promise<Gudang> {
  const catalog = await LessonCatalog.load(config.lessonsDir, await loadSqlEngine());
  const store = await openStore(config.store);
  const progress = new ProgressTracker(store);
  const pool = new WorkerPool({ size: config.workers, limits: config.limits, residentApps: config.residentApps, workerUrl: paths.workerUrl, onCommit: (id, bytes) => sessions.committed(id, bytes) });
  if (config.watchLessons) await catalog.watch({ inspect: (entry) => codeProblems(pool, entry) });
  const sessions = new SessionStore({
    catalog,
    pool,
    store,
    progress,
    idleMs: config.sessionIdleMs,
    traceLimit: config.traceLimit,
    traceBytes: config.traceBytes,
    traceListBytes: config.traceListBytes,
    retentionMs: config.sessionRetentionMs,
    imageSaveMs: config.imageSaveMs,
    peers: config.peers,
    self: config.self,
  });
  const app = createApp({
    catalog,
    sessions,
    pool,
    store,
    progress,
    requestBodyBytes: config.requestBodyBytes,
    responseHeaders: config.responseHeaders,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    webDir: paths.webDir,
  });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    // A port already taken is an error to report, not a start that waits forever.
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://localhost:${port}`,
    catalog,
    sessions,
    pool,
    store,
    async close() {
      catalog.close();
      // Stop listening first, then end every open connection (SSE streams never end by themselves).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      // Every database still waiting for its write goes to the store before the store closes.
      await sessions.close();
      await pool.shutdown();
      await store.close();
    },
  };
}
