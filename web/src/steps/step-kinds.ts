import type { Step, StepKind } from '../../../server/contract/trace.js';
import { errorStep } from './error.js';
import { externalStep } from './external.js';
import { logStep } from './log.js';
import { middlewareStep } from './middleware.js';
import { processStep } from './process.js';
import { queryStep } from './query.js';
import { receiveStep } from './receive.js';
import { respondStep } from './respond.js';
import type { Language } from '../../../server/contract/lesson.js';
import type { StepKindView } from './step-kind.js';

/** Every kind of step the contract has, each from its own file: a kind missing here does not compile. */
export const stepKinds = {
  receive: receiveStep,
  middleware: middlewareStep,
  process: processStep,
  query: queryStep,
  log: logStep,
  external: externalStep,
  error: errorStep,
  respond: respondStep,
} satisfies { [K in StepKind]: StepKindView<K> };

/**
 * The view of `step`'s kind. TypeScript cannot tie `stepKinds[step.kind]` to `step` itself (a
 * correlated union), so this one cast stands in for it; the table's `satisfies` is what makes it true.
 */
export const viewOf = (step: Step) => stepKinds[step.kind] as unknown as StepKindView<StepKind>;

/** The plain sentence for step `index` of `steps`, in `language`. */
export function narrationOf(steps: Step[], index: number, language: Language): string {
  const step = steps[index];
  return step ? viewOf(step).narrate(step, language, { steps, index }) : '';
}
