import type { Step } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { narrationOf } from '../steps/step-kinds.js';

/**
 * The current step in one plain sentence, above the inspector. A polite live region that is always on
 * the page, so screen readers read each new sentence when the step changes (and not before).
 */
export function Narration({ steps, at }: { steps: Step[]; at: number }) {
  const { language } = useI18n();
  const sentence = narrationOf(steps, at, language);
  return (
    <p className="narration" aria-live="polite" data-testid="narration">
      {sentence && (/[.!?…]$/.test(sentence) ? sentence : `${sentence}.`)}
    </p>
  );
}
