import { describe, expect, it } from 'vitest';
import type { LessonProgress } from '../../../server/contract/classes.js';
import { nextSort, predictionsOf, sortRows, type Row } from '../../../web/src/teach/sort-rows.js';

const progress = (status: LessonProgress['status'], passed: number | null = null, total: number | null = null): LessonProgress => ({
  status,
  checksPassed: passed,
  checksTotal: total,
  failingChecks: [],
  lastActivityAt: status === 'not_started' ? null : 1,
});
const row = (displayName: string, lesson: LessonProgress, lastActivityAt: number | null): Row => ({ id: displayName, displayName, lastActivityAt, lessons: { l2: lesson } });

const rows = [row('Dewi', progress('trying', 1, 4), 300), row('Ani', progress('done', 4, 4), 100), row('Budi', progress('not_started'), null), row('Citra', progress('trying', 3, 4), 200)];
const names = (sorted: Row[]) => sorted.map((r) => r.displayName);

describe('the class table’s order', () => {
  it('sorts by name, by how far a student is on a lesson (status, then checks passing), or by last activity', () => {
    expect(names(sortRows(rows, { key: { column: 'name' }, direction: 'ascending' }))).toEqual(['Ani', 'Budi', 'Citra', 'Dewi']);
    expect(names(sortRows(rows, { key: { column: 'lesson', lessonId: 'l2' }, direction: 'descending' }))).toEqual(['Ani', 'Citra', 'Dewi', 'Budi']);
    expect(names(sortRows(rows, { key: { column: 'activity' }, direction: 'ascending' }))).toEqual(['Budi', 'Ani', 'Citra', 'Dewi']);
  });

  it('sorts by the share of predictions right over every lesson; a student who predicted nothing comes last', () => {
    const predicted = (displayName: string, ...counts: { right: number; total: number }[]): Row => ({
      id: displayName,
      displayName,
      lastActivityAt: 1,
      lessons: Object.fromEntries(counts.map((predictions, i) => [`l${i}`, { ...progress('trying'), predictions }])),
    });
    const students = [predicted('Ani', { right: 0, total: 3 }, { right: 1, total: 1 }), predicted('Budi'), predicted('Citra', { right: 3, total: 3 })];
    expect(predictionsOf(students[0]!)).toEqual({ right: 1, total: 4 });
    expect(predictionsOf(students[1]!)).toEqual({ right: 0, total: 0 });
    expect(names(sortRows(students, { key: { column: 'predictions' }, direction: 'descending' }))).toEqual(['Citra', 'Ani', 'Budi']);
  });

  it('keeps the joining order among equals', () => {
    const same = [row('B', progress('trying', 1, 4), 1), row('A', progress('trying', 1, 4), 1)];
    expect(names(sortRows(same, { key: { column: 'lesson', lessonId: 'l2' }, direction: 'descending' }))).toEqual(['B', 'A']);
  });

  it('turns the direction when the sorted column is chosen again; another column starts with the furthest first (names A to Z)', () => {
    const byName = { key: { column: 'name' as const }, direction: 'ascending' as const };
    expect(nextSort(byName, { column: 'name' })).toEqual({ key: { column: 'name' }, direction: 'descending' });
    const byLesson = nextSort(byName, { column: 'lesson', lessonId: 'l2' });
    expect(byLesson).toEqual({ key: { column: 'lesson', lessonId: 'l2' }, direction: 'descending' });
    expect(nextSort(byLesson, { column: 'lesson', lessonId: 'l3' }).direction).toBe('descending');
    expect(nextSort(byLesson, { column: 'lesson', lessonId: 'l2' }).direction).toBe('ascending');
  });
});
