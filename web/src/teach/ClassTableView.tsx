import { useMemo, useState } from 'react';
import type { ClassTable, LessonProgress } from '../../../server/contract/classes.js';
import type { Language } from '../../../server/contract/lesson.js';
import { useI18n, type Translate } from '../i18n/i18n-context.js';
import { nextSort, predictionsOf, sameKey, sortRows, type Sort, type SortKey } from './sort-rows.js';

export interface OpenedCell {
  studentId: string;
  lessonId: string;
}

export const statusWord = (p: LessonProgress, t: Translate) => (p.status === 'done' ? `✓ ${t('done')}` : p.status === 'trying' ? `● ${t('trying')}` : `○ ${t('notStarted')}`);

export const timeOf = (ms: number | null, language: Language) => (ms === null ? '—' : new Date(ms).toLocaleTimeString(language === 'id' ? 'id-ID' : 'en-GB', { hour: '2-digit', minute: '2-digit' }));

/** "7/12": predictions right of those made; a dash before the first. */
const predictionText = ({ right, total }: { right: number; total: number }) => (total === 0 ? '—' : `${right}/${total}`);

interface Props {
  table: ClassTable;
  opened?: OpenedCell;
  onOpen: (cell: OpenedCell) => void;
}

/** Students × lessons; every column sorts (mouse or keyboard: its header is a button), and a cell with work opens it. */
export function ClassTableView({ table, opened, onOpen }: Props) {
  const { t, language } = useI18n();
  const [sort, setSort] = useState<Sort>({ key: { column: 'name' }, direction: 'ascending' });
  const rows = useMemo(() => sortRows(table.students, sort), [table.students, sort]);
  if (table.students.length === 0) return <p className="empty">{t('noStudents')}</p>;

  const header = (key: SortKey, label: string, full = label) => {
    const sorted = sameKey(sort.key, key);
    return (
      <th key={full} scope="col" aria-sort={sorted ? sort.direction : 'none'} title={full}>
        <button type="button" className="sort-button" onClick={() => setSort((old) => nextSort(old, key))} aria-label={`${t('sortBy')} ${full}`}>
          {label}
          <span aria-hidden="true" className="sort-button__arrow">
            {sorted ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div className="class-table-wrap">
      <table className="class-table" data-testid="class-table">
        <caption className="visually-hidden">
          {table.class.name}: {t('student')} × {t('lessons')}
        </caption>
        <thead>
          <tr>
            {header({ column: 'name' }, t('student'))}
            {table.lessons.map((lesson, i) => header({ column: 'lesson', lessonId: lesson.id }, String(i + 1), `${i + 1}. ${lesson.title[language]}`))}
            {header({ column: 'predictions' }, t('predictionsRightColumn'))}
            {header({ column: 'activity' }, t('lastActivity'))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-student={row.displayName}>
              <th scope="row">{row.displayName}</th>
              {table.lessons.map((lesson, i) => {
                const p = row.lessons[lesson.id]!;
                const counts = p.checksTotal === null ? '' : ` ${p.checksPassed}/${p.checksTotal}`;
                const predicted = p.predictions ? `, ${t('predictionsRight')} ${predictionText(p.predictions)}` : '';
                const isOpen = opened?.studentId === row.id && opened.lessonId === lesson.id;
                return (
                  <td key={lesson.id} className={`class-cell class-cell--${p.status}`} data-lesson={lesson.id}>
                    {p.status === 'not_started' ? (
                      <span className="muted" title={t('notStarted')}>
                        ○<span className="visually-hidden"> {t('notStarted')}</span>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="class-cell__button"
                        aria-pressed={isOpen}
                        data-cell={`${row.id}/${lesson.id}`}
                        title={`${t('lastActivity')}: ${timeOf(p.lastActivityAt, language)}${predicted}`}
                        aria-label={`${row.displayName}, ${i + 1}. ${lesson.title[language]}: ${statusWord(p, t)}${counts} ${p.checksTotal === null ? '' : t('checksPassing')}${predicted}, ${t('lastActivity')} ${timeOf(p.lastActivityAt, language)} · ${t('openWork')}`}
                        onClick={() => onOpen({ studentId: row.id, lessonId: lesson.id })}
                      >
                        {statusWord(p, t)}
                        {counts}
                      </button>
                    )}
                  </td>
                );
              })}
              <td className="class-table__predictions" data-testid="predictions-right">
                {predictionText(predictionsOf(row))}
              </td>
              <td className="class-table__time">{timeOf(row.lastActivityAt, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
