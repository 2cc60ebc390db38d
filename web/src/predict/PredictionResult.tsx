import { useI18n } from '../i18n/i18n-context.js';
import type { Bilingual } from '../../../server/contract/lesson.js';
import { markWords, stageWords, type ServiceLabels } from './predict-words.js';
import { usePrediction } from './prediction-store.js';
import { marksAt, type Score } from './score.js';

export interface PredictionResultProps {
  score: Score;
  at: number;
  /** The last step is on screen and playback has stopped: the whole journey was seen. */
  atEnd: boolean;
  serviceLabels: ServiceLabels;
}

/** Under the diagram: where the current step parts from the prediction, and once the journey is seen, right or wrong per question. */
export function PredictionResult({ score, at, atEnd, serviceLabels }: PredictionResultProps) {
  const { t, language } = useI18n();
  const marks = marksAt(score, at);
  const { status, stages, rows } = score;
  const prompt = usePrediction()?.prompt;
  /** The lesson's why, after the verdict. */
  const why = (explain?: Bilingual) => (explain ? ` — ${explain[language]}` : '');
  return (
    <div className="prediction-result">
      {marks.length > 0 && (
        <ul className="prediction-result__marks" data-testid="prediction-mark" aria-label={t('predictMarked')}>
          {marks.map((mark) => (
            <li key={mark.type + ('stage' in mark ? mark.stage : '')}>≠ {markWords(mark, language, serviceLabels)}</li>
          ))}
        </ul>
      )}
      {atEnd && (
        <dl className="prediction-result__summary" data-testid="prediction-summary">
          <dt>{t('predictSummary')}:</dt>
          {status && (
            <dd className={status.right ? 'ok-text' : 'error-text'}>
              {t('status')} {status.right ? `✓ ${t('predictRight')} (${status.actual})` : `✗ ${t('predictWrong')}: ${status.predicted}, ${t('predictActual')} ${status.actual}`}
              {why(prompt?.status?.explain)}
            </dd>
          )}
          <dd className={stages.right ? 'ok-text' : 'error-text'}>
            {t('predictStagesShort')} {stages.right ? `✓ ${t('predictRight')}` : `✗ ${t('predictWrongAbout')}: ${stages.wrong.map((s) => stageWords(s, language, serviceLabels)).join(', ')}`}
            {why(prompt?.stages?.explain)}
          </dd>
          {rows && (
            <dd className={rows.right ? 'ok-text' : 'error-text'}>
              {t('predictRowsShort')} {rows.right ? `✓ ${t('predictRight')} (${rows.actual})` : `✗ ${t('predictWrong')}: ${rows.predicted}, ${t('predictActual')} ${rows.actual}`}
              {why(prompt?.rows?.explain)}
            </dd>
          )}
        </dl>
      )}
    </div>
  );
}
