import express, { type Request, type Response, type Router } from 'express';
import type { Solution } from '../contract/checks.js';
import { predictionsBodySchema, type PredictionsRecorded } from '../contract/classes.js';
import type { LessonChange } from '../contract/lesson.js';
import { runChecks } from '../checks/run-checks.js';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { sessionFrom } from './session-from.js';
import { jsonBodyOnly } from './api-guards.js';
import { parseBody } from './control-routes.js';

/**
 * The lesson side of the API: run a lesson's checks on the learner's code, count a class
 * student's predictions, show its solution,
 * and (in dev) tell open browsers that a lesson file changed.
 */
export function checksRouter(catalog: LessonCatalog, sessions: SessionStore, pool: WorkerPool): Router {
  const router = express.Router();

  router.post('/api/sessions/:id/checks', async (req, res) => {
    const session = sessionFrom(sessions, req);
    // The newest version of the lesson: an instructor may have edited its checks since.
    const lesson = catalog.get(session.entry.lesson.id) ?? session.entry;
    const { report, traces } = await runChecks(pool, lesson, session.compiled, session.id);
    for (const trace of traces) sessions.addTrace(session, trace);
    await sessions.recordChecks(session, report);
    res.json(report);
  });

  // Predict mode's answers: a class student's count on the lesson, for the teacher's table.
  router.post('/api/sessions/:id/predictions', jsonBodyOnly, express.json({ limit: '1kb', strict: false }), async (req, res) => {
    const session = sessionFrom(sessions, req);
    const answers = parseBody(predictionsBodySchema, req.body);
    res.json({ kept: await sessions.recordPredictions(session, answers) } satisfies PredictionsRecorded);
  });

  router.get('/api/sessions/:id/solution', (req, res) => {
    const session = sessionFrom(sessions, req);
    const lesson = catalog.get(session.entry.lesson.id) ?? session.entry;
    res.json({ code: lesson.solutionCode } satisfies Solution);
  });

  router.get('/api/lessons/events', (req: Request, res: Response) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(': connected\n\n');
    const send = (change: LessonChange) => res.write(`event: lesson\ndata: ${JSON.stringify(change)}\n\n`);
    // A browser that connects while a lesson is broken hears of it at once, not at the next edit.
    for (const { lesson } of catalog.all()) {
      const problems = catalog.problemsOf(lesson.id);
      if (problems.length > 0) send({ id: lesson.id, problems });
    }
    const stop = catalog.onReload(send);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      stop();
    });
  });

  return router;
}
