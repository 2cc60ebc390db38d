import { lazy, Suspense, useState } from 'react';
import type { SolutionComparison } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';

const SolutionDialog = lazy(() => import('./SolutionDialog.js'));

export interface SolutionControlsProps {
  /** The learner's code as it is now. */
  code: string;
  disabled: boolean;
  loadSolution: () => Promise<{ code: string }>;
  /** The learner request the dialog compares with the solution's run of it, if there is one. */
  learnerTraceId?: string;
  compareWithSolution: (traceId: string) => Promise<SolutionComparison>;
  /** Replaces the editor's code and saves it. */
  replaceCode: (code: string) => Promise<void>;
  onUnavailable: () => void;
}

/**
 * Show solution, its diff dialog, and "Bring back my code" after using it. Everything here belongs
 * to one lesson: the page mounts it with the lesson as its key, so another lesson starts without
 * the code kept from this one.
 */
export function SolutionControls({ code, disabled, loadSolution, learnerTraceId, compareWithSolution, replaceCode, onUnavailable }: SolutionControlsProps) {
  const { t } = useI18n();
  const [solution, setSolution] = useState<{ code: string }>();
  const [ownCode, setOwnCode] = useState<string>();
  const show = () => loadSolution().then(setSolution, onUnavailable);
  const apply = () => {
    if (!solution) return;
    setOwnCode(code);
    setSolution(undefined);
    void replaceCode(solution.code);
  };
  return (
    <>
      <button type="button" className="small-button" onClick={show} disabled={disabled}>
        {t('solve')}
      </button>
      {ownCode !== undefined && (
        <button type="button" className="small-button" onClick={() => void replaceCode(ownCode).then(() => setOwnCode(undefined))}>
          ↶ {t('restoreMine')}
        </button>
      )}
      {solution && (
        <Suspense fallback={null}>
          <SolutionDialog
            mine={code}
            solution={solution.code}
            compare={learnerTraceId === undefined ? undefined : () => compareWithSolution(learnerTraceId)}
            compareKey={learnerTraceId}
            onApply={apply}
            onClose={() => setSolution(undefined)}
          />
        </Suspense>
      )}
    </>
  );
}
