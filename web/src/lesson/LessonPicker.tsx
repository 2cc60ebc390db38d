import { useI18n } from '../i18n/i18n-context.js';
import { predictionProgress, usePredictionProgress } from '../predict/prediction-progress.js';
import { useSession } from '../session/use-session.js';

/** The course's lessons in order, each with how many of the learner's predictions in it were right; choosing one opens it. */
export function LessonPicker() {
  const [{ lessons, lesson }, client] = useSession();
  const { t, language } = useI18n();
  usePredictionProgress();
  return (
    <label className="lesson-picker">
      <span className="visually-hidden">{t('chooseLesson')}</span>
      <select value={lesson?.id ?? ''} onChange={(e) => void client.openLesson(e.target.value)} data-testid="lesson-picker">
        {lessons.map((l) => {
          const { right, total } = predictionProgress.of(l.id);
          return (
            <option key={l.id} value={l.id}>
              {l.order}. {l.title[language]}
              {total > 0 ? ` · ${right}/${total} ${t('predictionsRight')}` : ''}
            </option>
          );
        })}
      </select>
    </label>
  );
}
