import express, { type Router } from 'express';
import { z } from 'zod';
import { type SolutionComparison, traceSchema } from '../contract/trace.js';
import { runOnSolution } from '../checks/solution-run.js';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { HttpError } from '../http-error.js';
import { sessionFrom } from './session-from.js';

/** Trace ids are random UUIDs; anything else is not one this server made. */
const traceIdSchema = z.uuid();

/**
 * Comparing runs: a learner's request sent again to the lesson's solution, on a copy of the
 * learner's data as it is now. The answer holds both traces; neither is added to the session.
 */
export function compareRouter(catalog: LessonCatalog, sessions: SessionStore, pool: WorkerPool): Router {
  const router = express.Router();

  router.post('/api/sessions/:id/traces/:traceId/compare-with-solution', async (req, res) => {
    const session = sessionFrom(sessions, req);
    if (!traceIdSchema.safeParse(req.params.traceId).success) throw new HttpError(404, 'no such trace: the id in the URL is not a trace id');
    const stored = session.traces.find((t) => t.summary.id === req.params.traceId);
    if (!stored) throw new HttpError(404, 'no such trace: only the newest traces of a session are kept');
    if (stored.summary.origin !== 'learner')
      throw new HttpError(409, `only a request you sent can be compared with the solution; this trace is from ${stored.summary.origin === 'check' ? 'a check' : 'the code’s start-up'}`);
    // The JSON is Gudang's own, written from a checked trace.
    const learner = traceSchema.parse(JSON.parse(stored.json));
    const receive = learner.steps[0];
    if (receive?.kind !== 'receive') throw new HttpError(409, 'this trace no longer has its request: it cannot be sent again');
    const lesson = catalog.get(session.entry.lesson.id) ?? session.entry;
    const solution = await runOnSolution(pool, lesson, pool.committedDb(session.id), receive.data, session.id);
    res.json({ learner, solution: sessions.bounded(solution) } satisfies SolutionComparison);
  });

  return router;
}
