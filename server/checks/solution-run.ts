import type { StepOf, Trace } from '../contract/trace.js';
import { HttpError } from '../http-error.js';
import type { CatalogEntry } from '../lessons/lesson-catalog.js';
import { compileLearnerCode } from '../sandbox/compile.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { sendPrepared } from './run-checks.js';
import { inTemporarySession } from './temporary-session.js';

/** What the solution's run needs of a lesson. */
export type SolutionLesson = Pick<CatalogEntry, 'solutionCode' | 'queryPlan'> & { lesson: Pick<CatalogEntry['lesson'], 'services'> };

/**
 * Sends a learner's request again, as Express received it, to the lesson's solution running on
 * `dbBytes` (a copy of the learner's data) in a temporary session: the learner's code and database
 * are never touched, and the solution sees the same data the learner's code saw last.
 */
export async function runOnSolution(pool: WorkerPool, lesson: SolutionLesson, dbBytes: Uint8Array, receive: StepOf<'receive'>['data'], traceSessionId: string): Promise<Trace> {
  // A request whose body Gudang refused or cut never reached the learner's code as sent: it cannot be sent again faithfully.
  if (receive.bodyError) throw new HttpError(409, 'this request’s body could not be read, so no code ran: there is nothing to compare with the solution');
  if (receive.rawBodyTruncated) throw new HttpError(409, 'this request’s body was too large to keep whole, so it cannot be sent to the solution again');
  const compiled = await compileLearnerCode(lesson.solutionCode);
  if (!compiled.ok) throw new HttpError(500, `the lesson’s solution does not compile: ${compiled.problem.message}`);
  const request = { method: receive.method, url: receive.url, path: receive.path, query: receive.query, headers: receive.headers, body: receive.body };
  const image = { dbBytes, code: compiled.compiled.js, services: lesson.lesson.services, queryPlan: lesson.queryPlan };
  return inTemporarySession(pool, 'solution', image, async (sessionId) => (await sendPrepared(pool, sessionId, { request, receive }, compiled.compiled, traceSessionId, 'solution')).trace);
}
