import express, { type ErrorRequestHandler, type Express } from 'express';
import { existsSync } from 'node:fs';
import type { ApiError } from '../contract/api.js';
import { ClassService } from '../classes/class-service.js';
import type { ProgressTracker } from '../classes/progress-tracker.js';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import type { DataStore } from '../store/data-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { checksRouter } from './checks-routes.js';
import { classRouter } from './class-routes.js';
import { controlRouter } from './control-routes.js';
import { HttpError } from './http-error.js';
import { learnerAppRouter } from './learner-app-route.js';
import { sessionAccess } from './session-access.js';

export interface AppParts {
  catalog: LessonCatalog;
  sessions: SessionStore;
  pool: WorkerPool;
  store: DataStore;
  progress: ProgressTracker;
  requestBodyBytes: number;
  /** The built web UI (dist/web), served when present. */
  webDir?: string;
}

/** The one path from any error to a JSON answer. */
const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (res.headersSent) return res.end();
  if (error instanceof HttpError) {
    const body: ApiError = { error: error.message, ...error.details };
    return res.status(error.status).json(body);
  }
  const status = (error as { status?: number; type?: string }).status;
  if (status === 413) return res.status(413).json({ error: 'the request body is too large' } satisfies ApiError);
  if (status === 400 && (error as { type?: string }).type === 'entity.parse.failed') {
    return res.status(400).json({ error: `the body is not valid JSON: ${(error as Error).message}` } satisfies ApiError);
  }
  if (typeof status === 'number' && status >= 400 && status < 500) return res.status(status).json({ error: (error as Error).message } satisfies ApiError);
  console.error(error);
  res.status(500).json({ error: 'internal error' } satisfies ApiError);
};

export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const classes = new ClassService(parts.store, parts.catalog, parts.sessions);
  app.use(sessionAccess(parts.sessions, classes));
  app.use(classRouter(classes, parts.progress));
  app.use(learnerAppRouter(parts.sessions, parts.pool, parts.requestBodyBytes));
  app.use(checksRouter(parts.catalog, parts.sessions, parts.pool));
  app.use(controlRouter(parts.catalog, parts.sessions, parts.pool));
  app.use('/api', (req, _res, next) => next(new HttpError(404, `no API route ${req.method} ${req.originalUrl}`)));
  if (parts.webDir && existsSync(parts.webDir)) {
    const webDir = parts.webDir;
    app.use('/assets', express.static(`${webDir}/assets`, { immutable: true, maxAge: '1y', index: false }));
    app.use(express.static(webDir, { index: false }));
    app.get(/^\/(?!api\/|sandbox\/).*/, (_req, res) => res.sendFile('index.html', { root: webDir }));
  }
  app.use(errorHandler);
  return app;
}
