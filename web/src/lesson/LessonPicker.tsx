import { useI18n } from '../i18n/i18n-context.js';
import { useSession } from '../session/use-session.js';

/** The course's lessons in order; choosing one opens it. */
export function LessonPicker() {
  const [{ lessons, lesson }, client] = useSession();
  const { t, language } = useI18n();
  return (
    <label className="lesson-picker">
      <span className="visually-hidden">{t('chooseLesson')}</span>
      <select value={lesson?.id ?? ''} onChange={(e) => void client.openLesson(e.target.value)} data-testid="lesson-picker">
        {lessons.map((l) => (
          <option key={l.id} value={l.id}>
            {l.order}. {l.title[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
