import type { ClassTable } from '../../../server/contract/classes.js';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * Per lesson: the check failing for the most students, and the students still trying grouped by
 * the first check they fail, so that one explanation reaches each group.
 */
export function StuckPanel({ table }: { table: ClassTable }) {
  const { t, language } = useI18n();
  const names = new Map(table.students.map((s) => [s.id, s.displayName]));
  const stuck = table.stuck.filter((s) => s.mostFailing || s.groups.length > 0);
  return (
    <section className="stuck" aria-labelledby="stuck-title" data-testid="stuck">
      <h2 id="stuck-title" className="teach-section-title">
        {t('whereStuck')}
      </h2>
      {stuck.length === 0 && <p className="empty">{t('nobodyStuck')}</p>}
      {stuck.map((s) => {
        const index = table.lessons.findIndex((l) => l.id === s.lessonId);
        const lesson = table.lessons[index]!;
        const checkTitle = (id: string) => lesson.checks.find((c) => c.id === id)?.title[language] ?? id;
        return (
          <article key={s.lessonId} className="stuck__lesson" data-lesson={s.lessonId}>
            <h3>
              {index + 1}. {lesson.title[language]}
            </h3>
            {s.mostFailing && (
              <p data-testid="most-failing">
                {t('mostFailing')}: <strong>{checkTitle(s.mostFailing.checkId)}</strong> ({s.mostFailing.students} {s.mostFailing.students === 1 ? t('studentOne') : t('students')})
              </p>
            )}
            {s.groups.length > 0 && (
              <>
                <p className="muted">{t('sameFailingCheck')}:</p>
                <ul className="stuck__groups">
                  {s.groups.map((g) => (
                    <li key={g.checkId} data-testid="stuck-group" data-check={g.checkId}>
                      <strong>{checkTitle(g.checkId)}</strong>: {g.studentIds.map((id) => names.get(id) ?? id).join(', ')}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </article>
        );
      })}
    </section>
  );
}
