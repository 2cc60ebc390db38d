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
    expect(problems).toEqual([
      'lessons/02-broken/lesson.md:3 — order — Invalid input: expected number, received string',
      'lessons/02-broken/checks.yaml:7 — checks.0.steps.0.expect.status — Invalid input: expected number, received string',
      'lessons/02-broken/checks.yaml:8 — checks.0.steps.0.expect.body.$size — unknown operator $size; use one of $type, $absent, $length, $minLength, $maxLength, $every, $some, $includes, $excludes, $gte, $lte, $not',
      'lessons/02-broken/checks.yaml:9 — checks.1.steps — missing (expected array)',
    ]);
    expect(lessons).toMatchObject([{ id: '01-good', checks: 1, failingOnStarter: 1 }]);
  });
});
