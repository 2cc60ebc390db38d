import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { createSessionBodySchema, putCodeBodySchema, sessionIdSchema, type SessionCreated } from '../contract/api.js';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import type { Session, SessionOpened, SessionStore } from '../sessions/session-store.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { HttpError } from './http-error.js';

/** Parses a body with its schema, or answers 400 naming the first wrong field. */
function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new HttpError(400, field ? `${field}: ${issue.message}` : issue.message, { field });
}

function sessionFrom(sessions: SessionStore, req: Request): Session {
  const id = String(req.params.id);
  if (!sessionIdSchema.safeParse(id).success) throw new HttpError(404, 'no such session: the id in the URL is not a session id');
  return sessions.get(id);
}

const sandboxUrl = (req: Request, id: string) => `${req.protocol}://${req.get('host')}/sandbox/${id}`;

/** The control API the UI (and curl) use: lessons, sessions, code, traces, database. */
export function controlRouter(catalog: LessonCatalog, sessions: SessionStore, pool: WorkerPool): Router {
  const router = express.Router();
  router.use(express.json({ limit: '256kb' }));

  router.get('/api/lessons', (_req, res) => {
    res.json({ lessons: catalog.summaries(), problems: catalog.problems.map((p) => p.message) });
  });

  router.get('/api/lessons/:lessonId', (req, res) => {
    const lesson = catalog.lesson(String(req.params.lessonId));
    if (!lesson) throw new HttpError(404, `unknown lesson "${req.params.lessonId}"`);
    res.json(lesson);
  });

  const describe = (req: Request, session: Session | SessionOpened): SessionCreated => {
    const s = 'entry' in session ? { id: session.id, lessonId: session.entry.lesson.id, code: session.compiled.source, restored: session.restored } : session;
    return { sessionId: s.id, sandboxUrl: sandboxUrl(req, s.id), lessonId: s.lessonId, code: s.code, ...(s.restored ? { restored: s.restored } : {}) };
  };

  router.post('/api/sessions', async (req, res) => {
    const { lessonId } = parseBody(createSessionBodySchema, req.body);
    const session = await sessions.create(lessonId, res.locals.studentId ?? null);
    res.status(201).json(describe(req, session));
  });

  router.get('/api/sessions/:id', (req, res) => {
    res.json(describe(req, sessionFrom(sessions, req)));
  });

  router.put('/api/sessions/:id/code', async (req, res) => {
    const session = sessionFrom(sessions, req);
    const { code } = parseBody(putCodeBodySchema, req.body);
    await sessions.setCode(session.id, code);
    res.json({ ok: true, code });
  });

  router.post('/api/sessions/:id/reset', async (req, res) => {
    const session = await sessions.reset(sessionFrom(sessions, req).id);
    res.json(describe(req, session));
  });

  router.post('/api/sessions/:id/reset-data', (req, res) => {
    const session = sessions.resetData(sessionFrom(sessions, req).id);
    res.json(describe(req, session));
  });

  router.get('/api/sessions/:id/database', async (req, res) => {
    res.json(await pool.database(sessionFrom(sessions, req).id));
  });

  router.get('/api/sessions/:id/traces', (req, res) => {
    res.json({ traces: sessionFrom(sessions, req).traces.map((t) => t.summary) });
  });

  router.get('/api/sessions/:id/traces/:traceId', (req, res) => {
    const trace = sessionFrom(sessions, req).traces.find((t) => t.summary.id === req.params.traceId);
    if (!trace) throw new HttpError(404, 'no such trace: only the newest traces of a session are kept');
    res.type('application/json').send(trace.json);
  });

  router.get('/api/sessions/:id/events', (req: Request, res: Response) => {
    const session = sessionFrom(sessions, req);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(': connected\n\n');
    const unsubscribe = sessions.subscribe(session.id, (_trace, json) => res.write(`event: trace\ndata: ${json}\n\n`));
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });

  return router;
}
