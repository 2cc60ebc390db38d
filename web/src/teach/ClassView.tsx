import { useState } from 'react';
import type { ClassInfo } from '../../../server/contract/classes.js';
import { useI18n } from '../i18n/i18n-context.js';
import { ClassTableView, type OpenedCell } from './ClassTableView.js';
import { StudentWork } from './StudentWork.js';
import { StuckPanel } from './StuckPanel.js';
import { teachApi } from './teach-api.js';
import { useClassTable } from './use-class-table.js';

/** One class for its teacher: the code to write on the board, the live table, who is stuck, one student's work. */
export function ClassView({ klass }: { klass: ClassInfo }) {
  const { t } = useI18n();
  const { table, connection } = useClassTable(klass.code);
  const [opened, setOpened] = useState<OpenedCell>();
  const student = opened && table?.students.find((s) => s.id === opened.studentId);
  const lessonIndex = opened ? (table?.lessons.findIndex((l) => l.id === opened.lessonId) ?? -1) : -1;
  // Back to the cell that opened it, so the keyboard goes on from there.
  const close = () => {
    const cell = opened && document.querySelector<HTMLElement>(`[data-cell="${CSS.escape(`${opened.studentId}/${opened.lessonId}`)}"]`);
    setOpened(undefined);
    cell?.focus();
  };
  return (
    <div className="class-view">
      <section className="class-view__head" aria-labelledby="class-title">
        <h1 id="class-title" className="class-view__name">
          {klass.name}
        </h1>
        <p className="class-view__code">
          {t('studentsJoinWith')}: <strong data-testid="class-code">{klass.code}</strong>
        </p>
        <p className="class-view__status" role="status" data-testid="connection">
          {connection === 'live' ? `● ${t('live')}` : connection === 'gone' ? t('classGone') : connection === 'reconnecting' ? t('reconnecting') : t('loading')}
        </p>
        <a className="small-button" href={teachApi.csvUrl(klass.code)} download data-testid="csv-link">
          {t('exportCsv')}
        </a>
      </section>
      {table && (
        <>
          <ClassTableView table={table} opened={opened} onOpen={setOpened} />
          <StuckPanel table={table} />
        </>
      )}
      {opened && student && lessonIndex >= 0 && (
        <StudentWork
          classCode={klass.code}
          studentId={student.id}
          studentName={student.displayName}
          lessonId={opened.lessonId}
          lessonNumber={lessonIndex + 1}
          version={student.lessons[opened.lessonId]?.lastActivityAt ?? null}
          onClose={close}
        />
      )}
    </div>
  );
}
