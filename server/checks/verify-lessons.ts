import { randomUUID } from 'node:crypto';
import type { Bilingual } from '../contract/lesson.js';
import type { Step } from '../contract/trace.js';
import { loadSqlEngine } from '../database/sql-engine.js';
import { LessonCatalog, type CatalogEntry } from '../lessons/lesson-catalog.js';
import type { LessonProblem } from '../lessons/lesson-problem.js';
import { fieldName } from '../lessons/field-path.js';
import { compileLearnerCode } from '../sandbox/compile.js';
import { DEFAULT_LIMITS } from '../sandbox/sandbox-types.js';
import { WorkerPool } from '../worker/worker-pool.js';
import { selectorProblems } from './lint-selectors.js';
import { loadProblem, typedFiles } from './code-problems.js';
import { runChecks } from './run-checks.js';
import { typeCheckLessons } from './type-check-lessons.js';
import { promptProblems } from './verify-prompts.js';

export interface LessonVerdict {
  id: string;
  checks: number;
  /** Checks that failed against the starter, as the student first sees them. */
  failingOnStarter: number;
  /** What the student is told for each of them, in both languages, for `lessons:check --verbose`. */
  starterMessages: { id: string; message: Bilingual }[];
}

export interface Verification {
  lessons: LessonVerdict[];
  /** `file:line — field — what is wrong`, one per problem; empty when every lesson is sound. */
  problems: string[];
  /** Worth a look, but not wrong (type errors in a starter). */
  warnings: string[];
}

const POOL_SIZE = 2;

/**
 * lessons:check judges a lesson, not the machine: on a busy machine (CI, a laptop running the
 * class) a sound solution must not fail for taking 1 s, so requests get more time here than a
 * student's. An endless loop still ends, a little later.
 */
export const VERIFY_LIMITS = { ...DEFAULT_LIMITS, timeoutMs: 5000 };

async function verifyLesson(pool: WorkerPool, entry: CatalogEntry): Promise<{ verdict: LessonVerdict; problems: LessonProblem[] }> {
  const problems: LessonProblem[] = [];
  const id = entry.lesson.id;
  const shown = (file: string) => `${entry.shownDir}/${file}`;
  const verdict: LessonVerdict = { id, checks: entry.checks.length, failingOnStarter: 0, starterMessages: [] };
  const steps: Step[] = [];
  for (const [file, source] of [
    ['solution.ts', entry.solutionCode],
    ['starter.ts', entry.lesson.starterCode],
  ] as const) {
    const compiled = await compileLearnerCode(source);
    // The catalog refuses a lesson whose code does not compile; nothing to run here then.
    if (!compiled.ok) continue;
    const thrown = await loadProblem(pool, entry, file, compiled.compiled);
    if (thrown) {
      problems.push(thrown);
      continue;
    }
    const { report, traces, failedAt } = await runChecks(pool, entry, compiled.compiled, `verify-${id}`);
    steps.push(...traces.flatMap((t) => t.steps));
    if (file === 'solution.ts') {
      problems.push(...(await promptProblems(pool, entry, compiled.compiled, shown('lesson.md'))));
      for (const [c, check] of entry.checks.entries()) {
        const result = report.results[c]!;
        if (result.passed) continue;
        const path = ['checks', c, ...(failedAt[check.id] ?? [])];
        problems.push({ message: `${shown('checks.yaml')}:${entry.checksLineOf(path)} — ${fieldName(path)} (${check.id}) — fails against the solution: ${result.message?.en}` });
      }
    } else {
      verdict.failingOnStarter = report.total - report.passed;
      verdict.starterMessages = report.results.flatMap((r) => (r.passed || !r.message ? [] : [{ id: r.id, message: r.message }]));
      if (!entry.lesson.walkthrough && entry.checks.length > 0 && verdict.failingOnStarter === 0) {
        problems.push({ message: `${shown('starter.ts')} — checks — every check passes against the starter: the task is already done (or mark the lesson walkthrough: true)` });
      }
    }
  }
  if (steps.length > 0) problems.push(...selectorProblems(entry.checks, steps, entry.checksLineOf, shown('checks.yaml')));
  return { verdict, problems };
}

/**
 * What `npm run lessons:check` does: loads every lesson, type-checks its code against the learner
 * API, then runs its checks against its solution (every one must pass) and against its starter (one
 * at least must fail, unless the lesson is a walkthrough with nothing to solve), and checks that
 * every trace selector names a step those runs really have, and that every predict prompt's
 * answers are what the solution does.
 */
export async function verifyLessons(root: string, workerUrl: URL, options: { shownRoot?: string; pool?: WorkerPool } = {}): Promise<Verification> {
  const catalog = await LessonCatalog.load(root, await loadSqlEngine(), options.shownRoot);
  const pool = options.pool ?? new WorkerPool({ size: POOL_SIZE, limits: VERIFY_LIMITS, workerUrl });
  const keepWarm = Array.from({ length: POOL_SIZE }, () => `verify-warm-${randomUUID()}`);
  try {
    const entries = catalog.all();
    // A worker left with no sessions is replaced by a fresh one (to give memory back); one idle
    // session per worker keeps the two workers warm while checks open and close hundreds.
    if (entries[0]) for (const id of keepWarm) pool.open(id, { dbBytes: entries[0].initialDb, code: '', services: [], queryPlan: false });
    const [types, runs] = await Promise.all([typeCheckLessons(entries.flatMap(typedFiles)), Promise.all(entries.map((entry) => verifyLesson(pool, entry)))]);
    // One lesson's problems together, lessons in folder order.
    const folderOf = (p: LessonProblem) => p.message.split(' — ')[0]!.replace(/\/[^/]+\.\w+(:\d+)?$/, '');
    const found = [...catalog.problems, ...types, ...runs.flatMap((r) => r.problems)]
      .map((p, i) => ({ p, i }))
      .sort((a, b) => folderOf(a.p).localeCompare(folderOf(b.p)) || a.i - b.i)
      .map(({ p }) => p);
    return { lessons: runs.map((r) => r.verdict), problems: found.filter((p) => !p.warning).map((p) => p.message), warnings: found.filter((p) => p.warning).map((p) => p.message) };
  } finally {
    for (const id of keepWarm) pool.close(id);
    if (!options.pool) await pool.shutdown();
  }
}
