import { useEffect } from 'react';
import type { StepMove } from './stepper-logic.js';

/** Where arrow keys (and digits) already mean something (typing, sliders, the editor), stepping stays out. */
export const ownsArrows = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.closest('.monaco-editor, [role="separator"], [role="tablist"]') !== null);

/** ← / → (and Home / End) step through the open trace from anywhere else on the page. */
export function useStepKeys(onMove: (move: StepMove) => void, enabled = true) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || ownsArrows(event.target)) return;
      const move = ({ ArrowLeft: 'previous', ArrowRight: 'next', Home: 'first', End: 'last' } as const)[event.key as 'ArrowLeft'];
      if (!move) return;
      event.preventDefault();
      onMove(move);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onMove, enabled]);
}
