import { join } from 'node:path';
import type { Step } from '../contract/trace.js';
import type { CatalogEntry } from '../lessons/lesson-catalog.js';
import type { LessonProblem } from '../lessons/lesson-problem.js';
import { compileLearnerCode, type CompiledCode } from '../sandbox/compile.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { send } from './run-checks.js';
import { inTemporarySession } from './temporary-session.js';
import { typeCheckLessons, type TypedFile } from './type-check-lessons.js';

/** A path no lesson routes: what the app does with it shows whether its top-level code ran. */
const LOAD_PROBE = '/__gudang-load-probe';

export type CodeFile = 'starter.ts' | 'solution.ts';

/**
 * The problem of code that throws as it loads, or null. Every request of such an app ends in that
 * error before any middleware or route handler runs, which is how the probe tells it apart.
 */
export async function loadProblem(pool: WorkerPool, entry: CatalogEntry, file: CodeFile, compiled: CompiledCode): Promise<LessonProblem | null> {
  return inTemporarySession(pool, 'probe', { dbBytes: entry.initialDb, code: compiled.js, services: entry.lesson.services, queryPlan: false }, async (sessionId) => {
    const { trace } = await send(pool, sessionId, { method: 'GET', path: LOAD_PROBE, headers: {} }, compiled, sessionId);
    const ran = trace.steps.some((s) => s.kind === 'middleware' || s.kind === 'process');
    const error = trace.steps.find((s): s is Extract<Step, { kind: 'error' }> => s.kind === 'error');
    if (ran || error?.data.code !== 'runtime_error') return null;
    return { message: `${entry.shownDir}/${file}:${error.line ?? 1} — code — throws when it loads, so every request fails: ${error.data.params.detail}` };
  });
}

/** A lesson's code for the type checker: a type error is a warning in the starter, an error in the solution. */
export const typedFiles = (entry: CatalogEntry): TypedFile[] => [
  { path: join(entry.folder, 'starter.ts'), shownPath: `${entry.shownDir}/starter.ts`, warning: true },
  { path: join(entry.folder, 'solution.ts'), shownPath: `${entry.shownDir}/solution.ts`, warning: false },
];

/**
 * What is wrong with a loaded lesson's code that reading it cannot see: type errors against the
 * learner API, and code that throws as it loads. Dev reload reports these a moment after the rest.
 */
export async function codeProblems(pool: WorkerPool, entry: CatalogEntry): Promise<LessonProblem[]> {
  const thrown = await Promise.all(
    (
      [
        ['starter.ts', entry.lesson.starterCode],
        ['solution.ts', entry.solutionCode],
      ] as const
    ).map(async ([file, code]) => {
      const compiled = await compileLearnerCode(code);
      return compiled.ok ? loadProblem(pool, entry, file, compiled.compiled) : null;
    }),
  );
  return [...(await typeCheckLessons(typedFiles(entry))), ...thrown.filter((p): p is LessonProblem => p !== null)];
}
