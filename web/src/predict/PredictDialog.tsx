import { useId, useState, type FormEvent } from 'react';
import { useModalDialog } from '../ui/use-modal-dialog.js';
import { useI18n } from '../i18n/i18n-context.js';
import { stageWords, type ServiceLabels } from './predict-words.js';
import type { PredictPrompt } from '../../../server/contract/lesson.js';
import { COMMON_STATUSES, parseCount, parseStatus, type Prediction, type Stage } from './score.js';

export interface PredictDialogProps {
  /** "GET /api/me": the request the question is about. */
  request: string;
  /** The stages asked about, as the diagram has them. */
  offered: Stage[];
  serviceLabels: ServiceLabels;
  /** The lesson's prompt for this request: the codes to pick from, and whether to ask for rows. */
  prompt?: PredictPrompt;
  onWatch: (prediction: Prediction) => void;
  /** Escape, or the Skip button: send without a prediction. */
  onSkip: () => void;
}

/** The question asked before a request in predict mode: the status that will come back and the stages it will reach. */
export function PredictDialog({ request, offered, serviceLabels, prompt, onWatch, onSkip }: PredictDialogProps) {
  const { t, language } = useI18n();
  const dialog = useModalDialog();
  const ids = useId();
  const [choice, setChoice] = useState<number | 'other'>();
  const [other, setOther] = useState('');
  const [stages, setStages] = useState<Stage[]>([]);
  const [invalid, setInvalid] = useState(false);
  const [rowsText, setRowsText] = useState('');
  const [queriesText, setQueriesText] = useState('');
  const statuses = prompt?.status?.choices ?? COMMON_STATUSES;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const status = choice === 'other' ? parseStatus(other) : choice;
    if (choice === 'other' && status === undefined) return setInvalid(true);
    onWatch({ status, offered, stages, ...(prompt?.rows ? { rows: parseCount(rowsText) } : {}), ...(prompt?.queries ? { queries: parseCount(queriesText) } : {}) });
  };
  const toggle = (stage: Stage, on: boolean) => setStages((old) => (on ? [...old, stage] : old.filter((s) => s !== stage)));

  return (
    <dialog
      ref={dialog}
      className="predict-dialog"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-intro`}
      data-testid="predict-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onSkip();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={`${ids}-title`}>{t('predictTitle')}</h2>
        <p id={`${ids}-intro`} className="muted">
          {t('predictIntro')} <code>{request}</code>
        </p>
        <fieldset>
          <legend>{t('predictStatusQuestion')}</legend>
          <div className="predict-dialog__choices">
            {statuses.map((code) => (
              <label key={code} className="predict-dialog__choice">
                <input type="radio" name={`${ids}-status`} checked={choice === code} onChange={() => setChoice(code)} /> {code}
              </label>
            ))}
            <label className="predict-dialog__choice">
              <input type="radio" name={`${ids}-status`} checked={choice === 'other'} onChange={() => setChoice('other')} /> {t('predictOtherStatus')}
            </label>
            <input
              className="predict-dialog__other"
              inputMode="numeric"
              maxLength={3}
              aria-label={t('predictOtherStatus')}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? `${ids}-invalid` : undefined}
              value={other}
              onChange={(e) => {
                setOther(e.target.value);
                setChoice('other');
                setInvalid(false);
              }}
            />
          </div>
          {invalid && (
            <p id={`${ids}-invalid`} className="error-text" role="alert">
              {t('predictBadStatus')}
            </p>
          )}
        </fieldset>
        <fieldset>
          <legend>{t('predictStagesQuestion')}</legend>
          <div className="predict-dialog__choices">
            {offered.map((stage) => (
              <label key={stage} className="predict-dialog__choice">
                <input type="checkbox" checked={stages.includes(stage)} onChange={(e) => toggle(stage, e.target.checked)} /> {stageWords(stage, language, serviceLabels)}
              </label>
            ))}
          </div>
        </fieldset>
        {prompt?.rows && <CountQuestion question={t('predictRowsQuestion')} value={rowsText} onChange={setRowsText} testId="predict-rows" />}
        {prompt?.queries && <CountQuestion question={t('predictQueriesQuestion')} value={queriesText} onChange={setQueriesText} testId="predict-queries" />}
        <div className="dialog-actions">
          <button type="button" className="small-button" onClick={onSkip} aria-keyshortcuts="Escape">
            {t('predictSkip')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary-button">
            {t('predictWatch')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** A number to guess (rows, queries): typed, left empty to leave it open. */
function CountQuestion({ question, value, onChange, testId }: { question: string; value: string; onChange: (text: string) => void; testId: string }) {
  return (
    <fieldset>
      <legend>{question}</legend>
      <input className="predict-dialog__other" inputMode="numeric" maxLength={6} aria-label={question} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </fieldset>
  );
}
