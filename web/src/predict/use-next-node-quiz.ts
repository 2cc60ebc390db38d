import { useCallback, useEffect, useMemo, useState } from 'react';
import type { NodeId, Step } from '../../../server/contract/trace.js';
import { ownsArrows, useStepKeys } from '../flow/use-step-keys.js';
import type { StepMove } from '../flow/stepper-logic.js';
import type { useStepping } from '../flow/use-stepping.js';
import { nodeOfKey, quizAfter, type Quiz, type QuizEvent } from './next-node.js';

/**
 * "What comes next?" on the page: → (the key or the Next button) asks before the cursor moves to
 * another box when predict mode is `on`; a number key or a click on a box answers, → again or Escape
 * skips. Every other move drops the question. A new trace starts with no question. Each answer is
 * passed to `onAnswered` (right or not); skips are not answers.
 */
export function useNextNodeQuiz(stepping: ReturnType<typeof useStepping>, on: boolean, numbers: ReadonlyMap<NodeId, number>, onAnswered: (right: boolean) => void) {
  const { steps, at, goTo, move, playback } = stepping;
  const { stop } = playback;
  const [held, setHeld] = useState<{ steps: Step[]; quiz: Quiz }>({ steps, quiz: {} });
  // Switched off mid-question, or another trace opened: no question.
  const quiz = held.steps === steps && on ? held.quiz : {};

  const apply = useCallback(
    (event: QuizEvent) => {
      const next = quizAfter(quiz, event, steps, at, on);
      setHeld({ steps, quiz: next.quiz });
      if (event.type === 'pick' && next.quiz.outcome?.type === 'picked') onAnswered(next.quiz.outcome.right);
      if (next.goTo !== undefined && next.goTo !== at) goTo(next.goTo);
    },
    [quiz, steps, at, on, goTo, onAnswered],
  );

  const onMove = useCallback(
    (direction: StepMove) => {
      if (direction !== 'next') {
        apply({ type: 'elsewhere' });
        return move(direction);
      }
      stop();
      apply({ type: 'next' });
    },
    [apply, move, stop],
  );
  useStepKeys(onMove);

  const asking = quiz.asking !== undefined;
  useEffect(() => {
    if (!asking) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || ownsArrows(event.target)) return;
      const node = nodeOfKey(event.key, numbers);
      if (!node && event.key !== 'Escape') return;
      event.preventDefault();
      apply(node ? { type: 'pick', node } : { type: 'skip' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [asking, numbers, apply]);

  return useMemo(
    () => ({
      quiz,
      onMove,
      onGoTo: (index: number) => {
        apply({ type: 'elsewhere' });
        goTo(index);
      },
      pick: (node: NodeId) => apply({ type: 'pick', node }),
      /** The cursor is about to move by other means (playback): the question goes. */
      drop: () => apply({ type: 'elsewhere' }),
      skip: () => apply({ type: 'skip' }),
    }),
    [quiz, onMove, apply, goTo],
  );
}
