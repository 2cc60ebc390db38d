import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyLessons } from '../../server/checks/verify-lessons.js';
import { COURSE_LESSONS, WORKER_URL } from '../helpers/gudang-under-test.js';

const BROKEN_LESSONS = fileURLToPath(new URL('../fixtures/broken-lessons', import.meta.url));

describe('npm run lessons:check', () => {
  it('passes for the course: every solution passes its checks, every starter with a task fails one', { timeout: 60_000 }, async () => {
    const { lessons, problems } = await verifyLessons(COURSE_LESSONS, WORKER_URL);
    expect(problems).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(12);
    for (const lesson of lessons.filter((l) => l.id !== '01-first-request')) {
      expect(lesson.checks, lesson.id).toBeGreaterThanOrEqual(2);
      expect(lesson.failingOnStarter, lesson.id).toBeGreaterThanOrEqual(1);
    }
  });

  it('names the file, line, field and problem of a broken lesson, and still checks the others', async () => {
    const { lessons, problems } = await verifyLessons(BROKEN_LESSONS, WORKER_URL);
    // Named as the folder checked is named, relative to the current directory; list positions count from 1.
    const shown = 'test/fixtures/broken-lessons/02-broken';
    expect(problems).toEqual([
      `${shown}/lesson.md:3 — order — Invalid input: expected number, received string`,
      `${shown}/checks.yaml:7 — checks.1.steps.1.expect.status — a status code (a whole number such as 201), or a list of the codes that are right, e.g. [400, 422]`,
      `${shown}/checks.yaml:8 — checks.1.steps.1.expect.body.$size — unknown operator $size; use one of $type, $absent, $length, $minLength, $maxLength, $every, $some, $includes, $excludes, $gte, $lte, $not`,
      `${shown}/checks.yaml:9 — checks.2.steps — missing (expected array)`,
    ]);
    expect(lessons).toMatchObject([{ id: '01-good', checks: 1, failingOnStarter: 1 }]);
  });
});
