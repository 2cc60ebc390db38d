import { useMemo } from 'react';
import { useModalDialog } from '../ui/use-modal-dialog.js';
import { useI18n } from '../i18n/i18n-context.js';
import { solutionDiff } from './solution-diff.js';

export interface SolutionDialogProps {
  mine: string;
  solution: string;
  onApply: () => void;
  onClose: () => void;
}

/** The solution as a diff against the learner's code; nothing changes until they ask. */
export default function SolutionDialog({ mine, solution, onApply, onClose }: SolutionDialogProps) {
  const { t } = useI18n();
  const dialog = useModalDialog();
  const lines = useMemo(() => solutionDiff(mine, solution), [mine, solution]);
  return (
    <dialog ref={dialog} className="solution-dialog" aria-labelledby="solution-title" onClose={onClose}>
      <h2 id="solution-title">{t('solution')}</h2>
      <p className="muted">{t('diffIntro')}</p>
      <pre className="diff" tabIndex={0} role="group" aria-label={t('solution')}>
        {lines.map((line, i) => (
          <span key={i} className={`diff__line diff__line--${line.type}`}>
            {line.type === 'added' ? '+ ' : line.type === 'removed' ? '− ' : '  '}
            {line.text}
            {'\n'}
          </span>
        ))}
      </pre>
      <div className="dialog-actions">
        <button type="button" className="small-button" onClick={onClose}>
          {t('close')}
        </button>
        <button type="button" className="primary-button" onClick={onApply}>
          {t('applySolution')}
        </button>
      </div>
    </dialog>
  );
}
