import { useI18n } from '../i18n/i18n-context.js';
import type { Bilingual } from '../../../server/contract/lesson.js';
import { markWords, stageWords, type ServiceLabels } from './predict-words.js';
import { usePrediction } from './prediction-store.js';
import { marksAt, type CountScore, type Score } from './score.js';

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
  const { status, stages, rows, queries } = score;
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
          {status && <CountLine label={t('status')} score={status} why={why(prompt?.status?.explain)} />}
          <dd className={stages.right ? 'ok-text' : 'error-text'}>
            {t('predictStagesShort')} {stages.right ? `✓ ${t('predictRight')}` : `✗ ${t('predictWrongAbout')}: ${stages.wrong.map((s) => stageWords(s, language, serviceLabels)).join(', ')}`}
            {why(prompt?.stages?.explain)}
          </dd>
          {rows && <CountLine label={t('predictRowsShort')} score={rows} why={why(prompt?.rows?.explain)} />}
          {queries && <CountLine label={t('predictQueriesShort')} score={queries} why={why(prompt?.queries?.explain)} />}
        </dl>
      )}
    </div>
  );
}

/** "Rows ✗ wrong: 3, it was 2 — why": one guessed value's verdict. */
function CountLine({ label, score, why }: { label: string; score: CountScore; why: string }) {
  const { t } = useI18n();
  return (
    <dd className={score.right ? 'ok-text' : 'error-text'}>
      {label} {score.right ? `✓ ${t('predictRight')} (${score.actual})` : `✗ ${t('predictWrong')}: ${score.predicted}, ${t('predictActual')} ${score.actual}`}
      {why}
    </dd>
  );
}
