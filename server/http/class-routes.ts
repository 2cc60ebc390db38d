import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import { TooManyAttempts, type ClassService } from '../classes/class-service.js';
import { classTableCsv } from '../classes/class-table.js';
import type { ProgressTracker } from '../classes/progress-tracker.js';
import { classCodeSchema, createClassBodySchema, joinClassBodySchema, teacherLoginBodySchema, type ClassInfo, type StudentInfo } from '../contract/classes.js';
import type { ClassRecord } from '../store/data-store.js';
import { readCookie, setTokenCookie, STUDENT_COOKIE, teacherCookie } from './cookies.js';
import { HttpError } from '../http-error.js';

/** The class stream re-reads the store this often: progress made on other instances shows too. */
const CLASS_POLL_MS = 2000;

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || undefined;
  throw new HttpError(400, field ? `${field}: ${issue.message}` : issue.message, { field });
}

const codeOf = (req: Request) => {
  const parsed = classCodeSchema.safeParse(req.params.code);
  if (!parsed.success) throw new HttpError(404, 'no class has this code');
  return parsed.data;
};

const info = (klass: ClassRecord): ClassInfo => ({ code: klass.code, name: klass.name });

/**
 * Who is asking, for the attempt limiters. A client can write any X-Forwarded-For it likes, so only
 * the hop a proxy on this machine appended (the last one; nginx's $proxy_add_x_forwarded_for) counts,
 * and only when the connection comes from loopback; otherwise the connection's own address.
 */
function clientOf(req: Request): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const loopback = peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1';
  const hops =
    req
      .get('x-forwarded-for')
      ?.split(',')
      .map((hop) => hop.trim())
      .filter(Boolean) ?? [];
  return loopback && hops.length > 0 ? hops[hops.length - 1]! : peer;
}

/**
 * Classes: a teacher creates one and logs in to it; students join it; the teacher reads the
 * class table (JSON, CSV, a live stream) and deletes the class. Every teacher route needs that
 * class's teacher cookie.
 */
export function classRouter(classes: ClassService, progress: ProgressTracker): Router {
  const router = express.Router();
  router.use('/api/classes', express.json({ limit: '16kb' }));
  router.use('/api/me', express.json({ limit: '16kb' }));

  const asTeacher = (req: Request) => {
    const code = codeOf(req);
    return classes.asTeacher(code, readCookie(req, teacherCookie(code)));
  };
  const teacherCookieFor = (req: Request, res: Response, klass: ClassRecord, token: string) => setTokenCookie(req, res, teacherCookie(klass.code), token, `/api/classes/${klass.code}`);

  router.post('/api/classes', async (req, res) => {
    const { name, password } = parse(createClassBodySchema, req.body);
    const { klass, teacherToken } = await classes.create(name, password);
    teacherCookieFor(req, res, klass, teacherToken);
    res.status(201).json(info(klass));
  });

  router.post('/api/classes/:code/login', async (req, res) => {
    const code = codeOf(req);
    const { password } = parse(teacherLoginBodySchema, req.body);
    const { klass, teacherToken } = await classes.login(code, password, clientOf(req));
    teacherCookieFor(req, res, klass, teacherToken);
    res.json(info(klass));
  });

  router.post('/api/classes/:code/students', async (req, res) => {
    const code = codeOf(req);
    const { displayName } = parse(joinClassBodySchema, req.body);
    const { student, klass, studentToken } = await classes.join(code, displayName, clientOf(req));
    setTokenCookie(req, res, STUDENT_COOKIE, studentToken, '/');
    res.status(201).json({ id: student.id, displayName: student.displayName, class: info(klass) } satisfies StudentInfo);
  });

  router.get('/api/classes/:code', async (req, res) => {
    res.json(info(await asTeacher(req)));
  });

  router.delete('/api/classes/:code', async (req, res) => {
    await classes.delete(await asTeacher(req));
    res.status(204).end();
  });

  router.get('/api/classes/:code/table', async (req, res) => {
    res.json(await classes.table(await asTeacher(req)));
  });

  router.get('/api/classes/:code/table.csv', async (req, res) => {
    const klass = await asTeacher(req);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`gudang-${klass.code}.csv`)
      .send(classTableCsv(await classes.table(klass)));
  });

  router.get('/api/classes/:code/students/:studentId/lessons/:lessonId', async (req, res) => {
    res.json(await classes.studentWork(await asTeacher(req), String(req.params.studentId), String(req.params.lessonId)));
  });

  /** `event: table` with the whole table at once and whenever it changes. */
  router.get('/api/classes/:code/events', async (req, res) => {
    await asTeacher(req);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(': connected\n\n');
    let last = '';
    let reading = false;
    let again = false;
    const send = async () => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        // Asked again each time: a deleted class (or a login removed with it) ends the stream.
        const json = JSON.stringify(await classes.table(await asTeacher(req)));
        if (json !== last && !res.writableEnded) res.write(`event: table\ndata: ${json}\n\n`);
        last = json;
      } catch (error) {
        // The class was deleted, or the store is away: the stream says so and ends.
        res.write(`event: gone\ndata: ${JSON.stringify({ error: (error as Error).message })}\n\n`);
        res.end();
      } finally {
        reading = false;
        if (again && !res.writableEnded) {
          again = false;
          void send();
        }
      }
    };
    void send();
    const stop = progress.onChange(() => void send());
    const poll = setInterval(() => void send(), CLASS_POLL_MS);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(poll);
      clearInterval(keepAlive);
      stop();
    });
  });

  router.get('/api/me', async (req, res) => {
    res.json(await classes.me(await classes.student(readCookie(req, STUDENT_COOKIE))));
  });

  const retryAfter: ErrorRequestHandler = (error, _req, res, next) => {
    if (error instanceof TooManyAttempts) res.set('Retry-After', String(error.retryAfterSeconds));
    next(error);
  };
  router.use(retryAfter);
  return router;
}
