import { loadSqlEngine } from '../database/sql-engine.js';
import { LessonCatalog } from '../lessons/lesson-catalog.js';
import { compileLearnerCode } from '../sandbox/compile.js';
import { DEFAULT_LIMITS } from '../sandbox/sandbox-types.js';
import { WorkerPool } from '../worker/worker-pool.js';
import { runChecks } from './run-checks.js';

export interface LessonVerdict {
  id: string;
  checks: number;
  /** Checks that failed against the starter, as the student first sees them. */
  failingOnStarter: number;
  /** What the student is told for each of them (English), for `lessons:check --verbose`. */
  starterMessages: string[];
}

export interface Verification {
  lessons: LessonVerdict[];
  /** `file — field — what is wrong`, one per problem; empty when every lesson is sound. */
  problems: string[];
}

/**
 * What `npm run lessons:check` does: loads every lesson, then runs its checks against its solution
 * (every one must pass) and against its starter (one at least must fail, unless the lesson is a
 * walkthrough with nothing to solve).
 */
export async function verifyLessons(root: string, workerUrl: URL): Promise<Verification> {
  const catalog = await LessonCatalog.load(root, await loadSqlEngine());
  const problems = catalog.problems.map((p) => p.message);
  const pool = new WorkerPool({ size: 2, limits: DEFAULT_LIMITS, workerUrl });
  try {
    const verdicts = await Promise.all(
      catalog.all().map(async (entry): Promise<LessonVerdict> => {
        const id = entry.lesson.id;
        const shown = (file: string) => `lessons/${id}/${file}`;
        const verdict: LessonVerdict = { id, checks: entry.checks.length, failingOnStarter: 0, starterMessages: [] };
        for (const [file, source] of [['solution.ts', entry.solutionCode], ['starter.ts', entry.lesson.starterCode]] as const) {
          const compiled = await compileLearnerCode(source);
          if (!compiled.ok) {
            problems.push(`${shown(file)}:${compiled.problem.line} — code — does not compile: ${compiled.problem.message}`);
            continue;
          }
          const { report } = await runChecks(pool, entry, compiled.compiled, `verify-${id}`);
          if (file === 'solution.ts') {
            for (const result of report.results.filter((r) => !r.passed)) {
              problems.push(`${shown('checks.yaml')} — ${result.id} — fails against the solution: ${result.message?.en}`);
            }
          } else {
            verdict.failingOnStarter = report.total - report.passed;
            verdict.starterMessages = report.results.filter((r) => !r.passed).map((r) => `${r.id}: ${r.message?.en}`);
            if (!entry.lesson.walkthrough && verdict.failingOnStarter === 0) {
              problems.push(`${shown('starter.ts')} — checks — every check passes against the starter: the task is already done (or mark the lesson walkthrough: true)`);
            }
          }
        }
        return verdict;
      }),
    );
    return { lessons: verdicts, problems };
  } finally {
    await pool.shutdown();
  }
}
