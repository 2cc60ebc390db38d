import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { createSessionBodySchema, putCodeBodySchema, sessionIdSchema, type SessionCreated } from '../contract/api.js';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import type { KeptTrace } from '../sessions/kept-trace.js';
import type { Session, SessionOpened, SessionStore } from '../sessions/session-store.js';
import type { Trace } from '../contract/trace.js';
import { traceToOtlp } from '../trace/otlp.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { jsonBodyOnly } from './api-guards.js';
import { HttpError } from '../http-error.js';

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? 'a string' : `a ${typeof value}`);

/** Parses a body with its schema, or answers 400 naming the first wrong field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new HttpError(400, `the body must be a JSON object: expected object, got ${kindOf(body)}`);
  }
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new HttpError(400, field ? `${field}: ${issue.message}` : issue.message, { field });
}

export function sessionFrom(sessions: SessionStore, req: Request): Session {
  const id = String(req.params.id);
  if (!sessionIdSchema.safeParse(id).success) throw new HttpError(404, 'no such session: the id in the URL is not a session id');
  return sessions.get(id);
}

export interface PublicAddress {
  /** GUDANG_PUBLIC_URL, when configured: the one base every sandbox URL starts with. */
  publicUrl?: string;
  /** Host and X-Forwarded-* come from a proxy Gudang trusts (GUDANG_TRUST_PROXY). */
  trustProxy: boolean;
}

/**
 * Where the learner's app is reached. The Host header is the client's to write, so it is never
 * echoed unless a trusted proxy vouches for it; otherwise the server's own address is used.
 */
function sandboxUrlMaker({ publicUrl, trustProxy }: PublicAddress) {
  return (req: Request, id: string) => {
    if (publicUrl) return `${publicUrl}/sandbox/${id}`;
    const host = trustProxy ? req.get('x-forwarded-host')?.split(',')[0]?.trim() || req.get('host') : undefined;
    if (host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return `${req.protocol}://${host}/sandbox/${id}`;
    return `http://localhost:${req.socket.localPort}/sandbox/${id}`;
  };
}

/** The control API the UI (and curl) use: lessons, sessions, code, traces, database. */
export function controlRouter(catalog: LessonCatalog, sessions: SessionStore, pool: WorkerPool, address: PublicAddress): Router {
  const router = express.Router();
  const sandboxUrl = sandboxUrlMaker(address);
  router.use('/api', jsonBodyOnly, express.json({ limit: '256kb', strict: false }));

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
    const session = sessionFrom(sessions, req);
    res.json(describe(req, session));
    sessions.restoredTold(session);
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

  const storedTrace = (req: Request): KeptTrace => {
    const trace = sessionFrom(sessions, req).traces.find((t) => t.summary.id === req.params.traceId);
    if (!trace) throw new HttpError(404, 'no such trace: only the newest traces of a session are kept');
    return trace;
  };

  // Before the plain route, which would otherwise take `<id>.otlp.json` for a trace id.
  router.get('/api/sessions/:id/traces/:traceId.otlp.json', (req, res) => {
    // The JSON is Gudang's own, written from a checked trace.
    res.json(traceToOtlp(JSON.parse(storedTrace(req).json) as Trace));
  });

  router.get('/api/sessions/:id/traces/:traceId', (req, res) => {
    res.type('application/json').send(storedTrace(req).json);
  });

  router.get('/api/sessions/:id/events', (req: Request, res: Response) => {
    const session = sessionFrom(sessions, req);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(': connected\n\n');
    const send = (traceId: string, json: string) => res.write(`id: ${traceId}\nevent: trace\ndata: ${json}\n\n`);
    const unsubscribe = sessions.subscribe(session.id, (trace, json) => send(trace.id, json));
    // A trace that ended before the stream opened is not lost: EventSource sends the id of the last
    // trace it saw when it reconnects, and a client that has just made the session asks with `?after=`.
    const after = req.get('last-event-id') ?? (typeof req.query.after === 'string' ? req.query.after : undefined);
    if (after !== undefined) for (const missed of tracesAfter(session.traces, after)) send(missed.summary.id, missed.json);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });

  return router;
}

/** The kept traces newer than `traceId`, oldest first; all of them when it is empty or no longer kept. */
function tracesAfter(traces: KeptTrace[], traceId: string): KeptTrace[] {
  const seen = traces.findIndex((stored) => stored.summary.id === traceId);
  return traces.slice(0, seen === -1 ? traces.length : seen).reverse();
}
