import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GudangConfig } from './config.js';
import { loadSqlEngine } from './database/sql-engine.js';
import { createApp } from './http/create-app.js';
import { LessonCatalog } from './lessons/lesson-catalog.js';
import { SessionStore } from './sessions/session-store.js';
import { WorkerPool } from './worker/worker-pool.js';

export interface Gudang {
  server: Server;
  url: string;
  catalog: LessonCatalog;
  sessions: SessionStore;
  pool: WorkerPool;
  close(): Promise<void>;
}

/** Builds and starts the whole server: lessons, worker pool, sessions, HTTP. */
export async function startGudang(config: GudangConfig, paths: { workerUrl: URL; webDir?: string }): Promise<Gudang> {
  const catalog = await LessonCatalog.load(config.lessonsDir, await loadSqlEngine());
  const pool = new WorkerPool({ size: config.workers, limits: config.limits, workerUrl: paths.workerUrl });
  const sessions = new SessionStore({
    catalog, pool, idleMs: config.sessionIdleMs, traceLimit: config.traceLimit, traceBytes: config.traceBytes, traceListBytes: config.traceListBytes, peers: config.peers, self: config.self,
  });
  const app = createApp({
    catalog, sessions, pool, requestBodyBytes: config.requestBodyBytes, responseHeaders: config.responseHeaders,
    publicUrl: config.publicUrl, trustProxy: config.trustProxy, webDir: paths.webDir,
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://localhost:${port}`,
    catalog,
    sessions,
    pool,
    async close() {
      catalog.close();
      sessions.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.shutdown();
    },
  };
}
