import type { ClassTable, LessonProgress } from '../../../server/contract/classes.js';

export type Row = ClassTable['students'][number];
/** A column of the class table: the name, a lesson's id, the predictions right, or the last activity. */
export type SortKey = { column: 'name' } | { column: 'lesson'; lessonId: string } | { column: 'predictions' } | { column: 'activity' };
export type Sort = { key: SortKey; direction: 'ascending' | 'descending' };

const STATUS_RANK: Record<LessonProgress['status'], number> = { not_started: 0, trying: 1, done: 2 };

/** How far a student is on a lesson: status first, then the share of checks passing. */
const progressValue = (p: LessonProgress | undefined) => (p ? STATUS_RANK[p.status] * 10 + (p.checksTotal ? (p.checksPassed ?? 0) / p.checksTotal : 0) : -1);

/** A student's predictions over every lesson: how many were right, of how many. */
export function predictionsOf(row: Row): { right: number; total: number } {
  return Object.values(row.lessons).reduce((sum, p) => ({ right: sum.right + (p.predictions?.right ?? 0), total: sum.total + (p.predictions?.total ?? 0) }), { right: 0, total: 0 });
}

/** The share right; a student who predicted nothing sorts below one who got none right. */
const predictionsValue = (row: Row) => {
  const { right, total } = predictionsOf(row);
  return total === 0 ? -1 : right / total;
};

function compare(a: Row, b: Row, key: SortKey): number {
  if (key.column === 'name') return a.displayName.localeCompare(b.displayName);
  if (key.column === 'predictions') return predictionsValue(a) - predictionsValue(b);
  if (key.column === 'activity') return (a.lastActivityAt ?? -1) - (b.lastActivityAt ?? -1);
  return progressValue(a.lessons[key.lessonId]) - progressValue(b.lessons[key.lessonId]);
}

/** The rows in the chosen order; ties keep the order students joined in (pure). */
export function sortRows(rows: readonly Row[], sort: Sort): Row[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => sign * compare(a.row, b.row, sort.key) || a.index - b.index)
    .map(({ row }) => row);
}

export const sameKey = (a: SortKey, b: SortKey) => a.column === b.column && (a.column !== 'lesson' || (b.column === 'lesson' && a.lessonId === b.lessonId));

/** Choosing the sorted column again turns its direction; another column starts ascending by name, descending otherwise (the furthest first). */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (sameKey(current.key, key)) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: key.column === 'name' ? 'ascending' : 'descending' };
}
