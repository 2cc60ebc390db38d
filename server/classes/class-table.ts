import type { ClassTable, LessonProgress } from '../contract/classes.js';
import type { Bilingual } from '../contract/lesson.js';
import type { ClassRecord, ProgressRecord, StudentRecord } from '../store/data-store.js';

export interface TableLesson {
  id: string;
  title: Bilingual;
  checks: { id: string; title: Bilingual }[];
}

export function lessonProgress(record: ProgressRecord | undefined): LessonProgress {
  if (!record) return { status: 'not_started', checksPassed: null, checksTotal: null, failingChecks: [], lastActivityAt: null };
  return {
    status: record.doneAt !== null ? 'done' : 'trying',
    checksPassed: record.checksPassed,
    checksTotal: record.checksTotal,
    failingChecks: record.failingChecks,
    lastActivityAt: record.lastActivityAt,
    ...(record.predictions ? { predictions: record.predictions } : {}),
  };
}

/** Students × lessons, and per lesson the check that holds most of the class up (pure). */
export function buildClassTable(klass: ClassRecord, lessons: TableLesson[], students: StudentRecord[], progress: ProgressRecord[]): ClassTable {
  const byStudent = new Map<string, Map<string, ProgressRecord>>();
  for (const p of progress) {
    if (!byStudent.has(p.studentId)) byStudent.set(p.studentId, new Map());
    byStudent.get(p.studentId)!.set(p.lessonId, p);
  }
  const rows = students.map((s) => {
    const own = byStudent.get(s.id) ?? new Map<string, ProgressRecord>();
    const last = Math.max(...[...own.values()].map((p) => p.lastActivityAt));
    return {
      id: s.id,
      displayName: s.displayName,
      lastActivityAt: Number.isFinite(last) ? last : null,
      lessons: Object.fromEntries(lessons.map((lesson) => [lesson.id, lessonProgress(own.get(lesson.id))])),
    };
  });
  const stuck = lessons.map((lesson) => {
    const order = lesson.checks.map((c) => c.id);
    const failing = new Map<string, number>();
    const groups = new Map<string, string[]>();
    for (const row of rows) {
      const cell = row.lessons[lesson.id]!;
      // A check the lesson no longer has (an instructor edited it) is nobody's to explain.
      const fails = cell.failingChecks.filter((id) => order.includes(id));
      for (const id of fails) failing.set(id, (failing.get(id) ?? 0) + 1);
      const first = fails.sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
      if (cell.status === 'trying' && first) groups.set(first, [...(groups.get(first) ?? []), row.id]);
    }
    const [top] = [...failing.entries()].sort(([a, x], [b, y]) => y - x || order.indexOf(a) - order.indexOf(b));
    return {
      lessonId: lesson.id,
      mostFailing: top ? { checkId: top[0], students: top[1] } : null,
      groups: order.filter((id) => groups.has(id)).map((checkId) => ({ checkId, studentIds: groups.get(checkId)! })),
    };
  });
  return { class: { code: klass.code, name: klass.name }, lessons, students: rows, stuck };
}

/** One line per student, one column per lesson ("done 5/5", "trying 2/5", "not started"). */
export function classTableCsv(table: ClassTable): string {
  const header = ['student', ...table.lessons.map((l) => `${l.id}`), 'last activity (UTC)'];
  const cell = (p: LessonProgress) => {
    const word = p.status.replace('_', ' ');
    return p.checksTotal === null ? word : `${word} ${p.checksPassed}/${p.checksTotal}`;
  };
  const lines = table.students.map((s) => [s.displayName, ...table.lessons.map((l) => cell(s.lessons[l.id]!)), s.lastActivityAt === null ? '' : new Date(s.lastActivityAt).toISOString()]);
  return `${[header, ...lines].map((line) => line.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a name as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
