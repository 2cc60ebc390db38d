import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY_LIMITS, verifyLessons } from '../../server/checks/verify-lessons.js';
import { WorkerPool } from '../../server/worker/worker-pool.js';
import { WORKER_URL } from '../helpers/gudang-under-test.js';
import { lessonsWithMistake } from '../helpers/lesson-mistakes.js';

const L = 'lessons/01-lesson';

/** One fixture per mistake an instructor makes (test/fixtures/lesson-mistakes/<name>/), and what lessons:check says. */
const MISTAKES: [name: string, problems: string[], warnings?: string[]][] = [
  // A check that cannot fail is an error, at its line.
  [
    'selector-names-nothing',
    [
      `${L}/checks.yaml:9 — checks.1.steps.1.expect.trace.count.middleware:requireMembr — matches no step of any trace of the solution or the starter, so it can never fail: the middleware steps there are requireMember; did you mean \`middleware:requireMember\`?`,
    ],
  ],
  ['placeholder-not-saved', [`${L}/checks.yaml:16 — checks.2.steps.2.request.path — {{orderid}} is not saved by an earlier step of this check; did you mean \`{{orderId}}\`?`]],
  ['length-not-a-number', [`${L}/checks.yaml:26 — checks.3.database.1.rows.$length — $length is a whole number ≥ 0, e.g. $length: 3; got "three"`]],
  ['rows-given-an-object', [`${L}/checks.yaml:35 — checks.4.database.1.rows — rows is a list with one pattern per row, e.g. rows: [{ orders: 0 }] (or $-operators on the list, e.g. { $length: 0 })`]],
  [
    'plan-without-query-plan',
    [`${L}/checks.yaml:17 — checks.2.steps.2.expect.trace.plan — queries record their plan only in a lesson with queryPlan: true in lesson.md; add it there, or this expectation can never pass`],
  ],
  // Every message points at the line and says what to do.
  [
    'unknown-key',
    [
      `${L}/checks.yaml:13 — checks.2.steps.1.request.method — missing (expected one of "GET"|"POST"|"PUT"|"PATCH"|"DELETE")`,
      `${L}/checks.yaml:14 — checks.2.steps.1.request.metod — unknown field; did you mean \`method\`?`,
    ],
  ],
  ['seed-sql-error', [`${L}/seed.sql:3 — sql — no such table: product`]],
  ['setup-sql-error', [`${L}/checks.yaml:20 — checks.3.setup — no such table: product`]],
  ['fails-against-the-solution', [`${L}/checks.yaml:22 — checks.3.steps.1 (sold-out-409) — fails against the solution: POST /api/orders: expected status 400, got 409`]],
  // Wrong but quiet until now.
  ['duplicate-order', ['lessons/02-again/lesson.md:3 — order — 1 is also the order of 01-lesson: give each lesson its own']],
  ['duplicate-number', [`${L} — folder — the number 01 is also used by 01-again: give each lesson its own`]],
  ['empty-text', [`${L}/lesson.md:13 — text — empty: write the English text of the lesson after the frontmatter`]],
  [
    'scaffold-placeholder',
    [`${L}/lesson.id.md:4 — text — still the placeholder of lessons:new ("Teks yang sama dalam Bahasa Indonesia (lihat GLOSSARY.md untuk istilahnya)."): write the Bahasa Indonesia text`],
  ],
  ['solution-type-error', [`${L}/solution.ts:11 — types — Expected 1-2 arguments, but got 3. (TS2554)`]],
  ['starter-type-error', [], [`${L}/starter.ts:2 — types — Property 'jsn' does not exist on type 'GudangResponse'. Did you mean 'json'? (TS2551)`]],
  ['starter-throws-on-load', [`${L}/starter.ts:1 — code — throws when it loads, so every request fails: SyntaxError: expecting property name`]],
  ['starter-does-not-compile', [`${L}/starter.ts:12 — code — does not compile: Unexpected ")"`]],
  // A predict prompt whose answer the solution's trace contradicts (the queries one is right).
  [
    'prompt-contradicts-the-solution',
    [
      `${L}/lesson.md — suggestedRequests.2.predict.status — GET /api/products: the solution answers 401, not 200`,
      `${L}/lesson.md — suggestedRequests.2.predict.stages — GET /api/products: the solution reaches none, not [database, handler]`,
      `${L}/lesson.md — suggestedRequests.2.predict.rows — GET /api/products: the solution's last SELECT returns 0 rows, not 3`,
    ],
  ],
  ['check-sql-writes', [`${L}/checks.yaml:25 — checks.3.database.1.sql — a check only reads the database: use one SELECT here, and put what must be written first in the check's setup`]],
];

let pool: WorkerPool;
const roots: string[] = [];
beforeAll(() => {
  pool = new WorkerPool({ size: 2, limits: VERIFY_LIMITS, workerUrl: WORKER_URL });
});
afterAll(async () => {
  await pool.shutdown();
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function check(mistake: string) {
  const root = await lessonsWithMistake(mistake);
  roots.push(root);
  return verifyLessons(root, WORKER_URL, { shownRoot: 'lessons', pool });
}

describe('lessons:check on a lesson with one planted mistake', () => {
  it('passes the sound base lesson, which uses every newer format: a status list, an absent header, a setup, a double click, saved values in expect', { timeout: 60_000 }, async () => {
    const root = await lessonsWithMistake('duplicate-order');
    roots.push(root);
    await rm(`${root}/02-again`, { recursive: true });
    const { lessons, problems, warnings } = await verifyLessons(root, WORKER_URL, { shownRoot: 'lessons', pool });
    expect({ problems, warnings }).toEqual({ problems: [], warnings: [] });
    expect(lessons).toMatchObject([{ id: '01-lesson', checks: 4, failingOnStarter: 3 }]);
    const doubleClick = lessons[0]!.starterMessages.find((m) => m.id === 'double-click');
    expect(doubleClick?.message).toEqual({
      en: 'database (SELECT count(*) AS n FROM orders): rows.0.n: expected 1, got 2',
      id: 'database (SELECT count(*) AS n FROM orders): rows.0.n: seharusnya 1, tetapi 2',
    });
  });

  it.each(MISTAKES)('%s', { timeout: 60_000 }, async (mistake, problems, warnings = []) => {
    expect(await check(mistake)).toMatchObject({ problems, warnings });
  });
});
