import { useId } from 'react';
import type { NodeId } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { Quiz } from './next-node.js';

export interface NextNodeQuestionProps {
  quiz: Quiz;
  /** The boxes that can be picked, with their numbers and names, in the diagram's order. */
  choices: { id: NodeId; number: number; name: string }[];
  onPick: (node: NodeId) => void;
  onSkip: () => void;
}

/**
 * Under the diagram in predict mode: the "what comes next?" question with a button per numbered box
 * (the keyboard's and screen reader's way to answer), and a polite live region saying right or wrong.
 */
export function NextNodeQuestion({ quiz, choices, onPick, onSkip }: NextNodeQuestionProps) {
  const { t } = useI18n();
  const id = useId();
  const nameOf = (node: NodeId) => choices.find((c) => c.id === node)?.name ?? node;
  const { asking, outcome } = quiz;
  const said = asking
    ? `${t('nextQuestion')} ${t('nextHow')}`
    : outcome?.type === 'picked'
      ? outcome.right
        ? `✓ ${t('nextRight')} ${nameOf(outcome.answer)}.`
        : `✗ ${t('nextWrong')} ${nameOf(outcome.picked)}; ${t('nextGoesTo')} ${nameOf(outcome.answer)}.`
      : outcome
        ? `${t('nextSkipped')} ${nameOf(outcome.answer)}.`
        : '';
  const verdict = outcome?.type === 'picked' ? (outcome.right ? 'ok-text' : 'error-text') : 'muted';
  return (
    <div className="next-node" data-testid="next-node">
      <p className={`next-node__said ${asking ? '' : verdict}`} role="status" aria-live="polite" data-testid="next-node-said" id={`${id}-said`}>
        {said}
      </p>
      {asking && (
        <div className="next-node__choices" role="group" aria-labelledby={`${id}-said`} data-testid="next-node-question">
          {choices.map((choice) => (
            <button key={choice.id} type="button" className="small-button" onClick={() => onPick(choice.id)} aria-keyshortcuts={String(choice.number)}>
              <kbd>{choice.number}</kbd> {choice.name}
            </button>
          ))}
          <button type="button" className="small-button" onClick={onSkip} aria-keyshortcuts="ArrowRight Escape">
            {t('predictSkip')} <kbd>→</kbd> <kbd>Esc</kbd>
          </button>
        </div>
      )}
    </div>
  );
}
