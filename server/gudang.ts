import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GudangConfig } from './config.js';
import { loadSqlEngine } from './database/sql-engine.js';
import { codeProblems } from './checks/code-problems.js';
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
  if (config.watchLessons) await catalog.watch({ inspect: (entry) => codeProblems(pool, entry) });
  const sessions = new SessionStore({ catalog, pool, idleMs: config.sessionIdleMs, traceLimit: config.traceLimit, peers: config.peers, self: config.self });
  const app = createApp({ catalog, sessions, pool, requestBodyBytes: config.requestBodyBytes, webDir: paths.webDir });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, '0.0.0.0', resolve));
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
