import { randomUUID } from 'node:crypto';
import { traceAnswers } from '../contract/predict-answers.js';
import { fieldName } from '../lessons/field-path.js';
import type { CatalogEntry } from '../lessons/lesson-catalog.js';
import type { LessonProblem } from '../lessons/lesson-problem.js';
import type { CompiledCode } from '../sandbox/compile.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { send } from './run-checks.js';

const list = (stages: Iterable<string>) => {
  const sorted = [...stages].sort();
  return sorted.length > 0 ? `[${sorted.join(', ')}]` : 'none';
};

/**
 * A predict prompt's answers held to what the solution does: each suggested request that carries
 * one is sent to the solution on a fresh copy of the lesson database, and every answer its trace
 * contradicts is a problem (a learner would be told the wrong thing is right).
 */
export async function promptProblems(pool: WorkerPool, entry: CatalogEntry, solution: CompiledCode, file: string): Promise<LessonProblem[]> {
  const runs = entry.lesson.suggestedRequests.map(async (request, i): Promise<LessonProblem[]> => {
    const prompt = request.predict;
    if (!prompt) return [];
    const sessionId = `prompt-${randomUUID()}`;
    pool.open(sessionId, { dbBytes: entry.initialDb, code: solution.js, services: entry.lesson.services, queryPlan: entry.queryPlan });
    try {
      const { trace } = await send(pool, sessionId, { method: request.method, path: request.path, headers: request.headers, body: request.body }, solution, `verify-${entry.lesson.id}`);
      const actual = traceAnswers(trace.steps, trace.status);
      const where = (question: string) => `${file} — ${fieldName(['suggestedRequests', i, 'predict', question])} — ${request.method} ${request.path}:`;
      const problems: string[] = [];
      if (prompt.status && prompt.status.answer !== actual.status) problems.push(`${where('status')} the solution answers ${actual.status}, not ${prompt.status.answer}`);
      if (prompt.stages && list(prompt.stages.answer) !== list(actual.stages)) problems.push(`${where('stages')} the solution reaches ${list(actual.stages)}, not ${list(prompt.stages.answer)}`);
      if (prompt.rows && prompt.rows.answer !== actual.rows) problems.push(`${where('rows')} the solution's last SELECT returns ${actual.rows} rows, not ${prompt.rows.answer}`);
      if (prompt.queries && prompt.queries.answer !== actual.queries) problems.push(`${where('queries')} the solution runs ${actual.queries} queries, not ${prompt.queries.answer}`);
      return problems.map((message) => ({ message }));
    } finally {
      pool.close(sessionId);
    }
  });
  return (await Promise.all(runs)).flat();
}
