import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Step } from '../../../server/contract/trace.js';
import { moveStep, sameQueryCount, type StepMove } from './stepper-logic.js';
import { usePlayback } from './use-playback.js';
import { useStepKeys } from './use-step-keys.js';

const START = 'gudang:step-start';

/**
 * The cursor in a trace's steps, its playback and the ← / → keys. The cursor belongs to its list
 * of steps: another trace starts at its last step, so the whole path is lit. Each move is measured
 * (`gudang:step`) from the key press until the page's effects have run, which is when the view is updated.
 */
export function useStepping(steps: Step[], { keys = true }: { keys?: boolean } = {}) {
  const [cursor, setCursor] = useState<{ steps: Step[]; at: number }>();
  const at = cursor?.steps === steps ? cursor.at : Math.max(0, steps.length - 1);
  const goTo = useCallback(
    (index: number) => {
      performance.mark(START);
      setCursor({ steps, at: index });
    },
    [steps],
  );
  const playback = usePlayback(at, steps.length, goTo);
  const { stop } = playback;
  const move = useCallback(
    (direction: StepMove) => {
      stop();
      performance.mark(START);
      setCursor((old) => ({ steps, at: moveStep(old?.steps === steps ? old.at : Math.max(0, steps.length - 1), steps.length, direction) }));
    },
    [steps, stop],
  );
  // The learner's page binds the keys itself, through "what comes next?" (predict/use-next-node-quiz.ts).
  useStepKeys(move, keys);
  // Called from the page, so this effect runs after its children's (the editor's line highlight included).
  // biome-ignore lint/correctness/useExhaustiveDependencies: each step taken is what is measured
  useEffect(() => {
    if (performance.getEntriesByName(START, 'mark').length > 0) {
      performance.measure('gudang:step', START);
      performance.clearMarks(START);
    }
  }, [at]);
  const step = steps[at];
  const repeated = useMemo(() => (step ? sameQueryCount(steps, step) : 0), [steps, step]);
  return { steps, at, step, repeated, goTo, move, playback };
}
