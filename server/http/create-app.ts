import express, { type ErrorRequestHandler, type Express } from 'express';
import { existsSync } from 'node:fs';
import type { ApiError } from '../contract/api.js';
import { ClassService } from '../classes/class-service.js';
import type { ProgressTracker } from '../classes/progress-tracker.js';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import { clipText } from '../limits/bounds.js';
import type { DataStore } from '../store/data-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { methodNotAllowed, sameOriginOnly } from './api-guards.js';
import { isolateLearnerPages } from './learner-page-isolation.js';
import { compressAnswers } from './compress-answers.js';
import { checksRouter } from './checks-routes.js';
import { classRouter } from './class-routes.js';
import { compareRouter } from './compare-routes.js';
import { controlRouter } from './control-routes.js';
import { HttpError } from '../http-error.js';
import { learnerAppRouter } from './learner-app-route.js';
import { webAssets } from './web-assets.js';
import { PROFILING, takePhaseRows } from '../trace/phase-profile.js';
import { arrivedAt } from './arrived-at.js';
import type { HeaderLimits } from './response-headers.js';
import { sessionAccess } from './session-access.js';
import { shareRouter } from './share-routes.js';
import { traceSearchRouter } from './trace-search-routes.js';
import { TraceShares } from '../sessions/trace-shares.js';

export interface AppParts {
  catalog: LessonCatalog;
  sessions: SessionStore;
  pool: WorkerPool;
  store: DataStore;
  progress: ProgressTracker;
  requestBodyBytes: number;
  responseHeaders: HeaderLimits;
  /** The sandbox URLs handed out: from configuration, or from what a trusted proxy forwarded. */
  publicUrl?: string;
  trustProxy?: boolean | number | string;
  /** The built web UI (dist/web), served when present. */
  webDir?: string;
}

/** Characters of an error message an answer carries. */
const MESSAGE_CHARS = 2000;

/** The one path from any error to a JSON answer. */
const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (res.headersSent) return res.end();
  const answer = (status: number, message: string, details: Omit<ApiError, 'error'> = {}) => res.status(status).json({ error: clipText(message, MESSAGE_CHARS), ...details } satisfies ApiError);
  if (error instanceof HttpError) return answer(error.status, error.message, error.details);
  const status = (error as { status?: number; type?: string }).status;
  if (status === 413) return answer(413, 'the request body is too large');
  if (status === 400 && (error as { type?: string }).type === 'entity.parse.failed') return answer(400, `the body is not valid JSON: ${(error as Error).message}`);
  if (typeof status === 'number' && status >= 400 && status < 500) return answer(status, (error as Error).message);
  console.error(error);
  answer(500, 'internal error');
};

export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (parts.trustProxy !== undefined) app.set('trust proxy', parts.trustProxy);
  if (PROFILING) {
    // `npm run bench` only: the phases timed since the last read (and starts afresh).
    app.use(arrivedAt);
    app.get('/__profile', (_req, res) => void res.json({ phases: takePhaseRows() }));
  }
  // First of all, so that every answer under /sandbox/ (a refused or unknown session too) is isolated.
  app.use('/sandbox', isolateLearnerPages);
  app.use(compressAnswers());
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, workers: parts.pool.workers, sessions: parts.sessions.size, lessons: parts.catalog.summaries().length });
  });
  const classes = new ClassService(parts.store, parts.catalog, parts.sessions);
  app.use(sessionAccess(parts.sessions, classes));
  app.use('/api', sameOriginOnly);
  const shares = new TraceShares(parts.sessions, (id) => parts.pool.database(id));
  const api = [
    classRouter(classes, parts.progress),
    checksRouter(parts.catalog, parts.sessions, parts.pool),
    compareRouter(parts.catalog, parts.sessions, parts.pool),
    shareRouter(parts.sessions, shares),
    traceSearchRouter(parts.sessions),
    controlRouter(parts.catalog, parts.sessions, parts.pool, { publicUrl: parts.publicUrl, trustProxy: parts.trustProxy !== undefined }),
  ];
  app.use(learnerAppRouter(parts.sessions, parts.pool, parts.requestBodyBytes, parts.responseHeaders));
  app.use(...api);
  app.use('/api', methodNotAllowed(api));
  app.use('/api', (req, _res, next) => next(new HttpError(404, `no API route ${req.method} ${req.originalUrl}`)));
  if (parts.webDir && existsSync(parts.webDir)) {
    app.use(webAssets(parts.webDir, parts.catalog));
  }
  app.use(errorHandler);
  return app;
}
