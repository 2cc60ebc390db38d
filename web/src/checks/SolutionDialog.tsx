import { useMemo, useState } from 'react';
import type { SolutionComparison } from '../../../server/contract/trace.js';
import { SolutionRuns } from '../compare/SolutionRuns.js';
import { useCompareWords } from '../compare/compare-words.js';
import { useModalDialog } from '../ui/use-modal-dialog.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Tabs } from '../ui/Tabs.js';
import { solutionDiff } from './solution-diff.js';

export interface SolutionDialogProps {
  mine: string;
  solution: string;
  /** Sends the learner's request to the solution; absent before they sent one. */
  compare?: () => Promise<SolutionComparison>;
  /** Which request `compare` sends: a new one compares again. */
  compareKey?: string;
  onApply: () => void;
  onClose: () => void;
}

type SolutionTab = 'runs' | 'code';

/** The solution: first what it does with the learner's request, then its code as a diff; nothing changes until they ask. */
export default function SolutionDialog({ mine, solution, compare, compareKey, onApply, onClose }: SolutionDialogProps) {
  const { t } = useI18n();
  const { w } = useCompareWords();
  const dialog = useModalDialog();
  const [tab, setTab] = useState<SolutionTab>('runs');
  const lines = useMemo(() => solutionDiff(mine, solution), [mine, solution]);
  return (
    <dialog ref={dialog} className="solution-dialog" aria-labelledby="solution-title" onClose={onClose}>
      <h2 id="solution-title">{t('solution')}</h2>
      <Tabs<SolutionTab>
        label={t('solution')}
        value={tab}
        onChange={setTab}
        idPrefix="solution"
        tabs={[
          ['runs', w('runsTab')],
          ['code', w('codeTab')],
        ]}
      />
      <div className="compare-dialog__scroll" role="tabpanel" id={`solution-tabpanel-${tab}`} aria-labelledby={`solution-tab-${tab}`} tabIndex={0}>
        {tab === 'runs' ? (
          <SolutionRuns key={compareKey} compare={compare} />
        ) : (
          <>
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
          </>
        )}
      </div>
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
