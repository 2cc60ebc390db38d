import type { Step } from '../contract/trace.js';
import type { Check, StepSelector } from '../lessons/check-files.js';
import { didYouMean } from '../lessons/did-you-mean.js';
import type { LessonProblem } from '../lessons/lesson-problem.js';
import { fieldName, type FieldPath, type LineOf } from '../lessons/field-path.js';
import { matchesSelector, stepText } from './expectations.js';
import { selectableKind } from './step-selectors.js';

/** Every selector a check's trace expectations use, with its field path. */
function* selectors(checks: Check[]): Generator<[StepSelector, FieldPath]> {
  for (const [c, check] of checks.entries()) {
    for (const [s, step] of check.steps.entries()) {
      const trace = step.expect?.trace;
      if (!trace) continue;
      const at = ['checks', c, 'steps', s, 'expect', 'trace'];
      for (const field of ['count', 'rows', 'plan'] as const) for (const selector of Object.keys(trace[field] ?? {})) yield [selector, [...at, field, selector]];
      for (const field of ['order', 'parameterised'] as const) for (const [i, selector] of (trace[field] ?? []).entries()) yield [selector, [...at, field, i]];
    }
  }
}

/**
 * A selector that matches no step of any trace the solution or the starter produced names nothing
 * (a misspelled `middleware:requireMembr: 0` passes forever), so it is an error at its own line.
 */
export function selectorProblems(checks: Check[], steps: Step[], lineOf: LineOf, shownPath: string): LessonProblem[] {
  const problems: LessonProblem[] = [];
  for (const [selector, path] of selectors(checks)) {
    const colon = selector.indexOf(':');
    if (colon === -1 || steps.some((step) => matchesSelector(step, selector))) continue;
    const kind = selector.slice(0, colon);
    const names = [...new Set(steps.filter((step) => step.kind === kind).map(stepText))];
    let hint = `no ${kind} step contains "${selector.slice(colon + 1)}"`;
    if (selectableKind(kind)?.named && names.length > 0) {
      const guess = didYouMean(selector.slice(colon + 1), names);
      hint = `the ${kind} steps there are ${names.slice(0, 6).join(', ')}${guess ? `; did you mean \`${kind}:${guess}\`?` : ''}`;
    }
    problems.push({ message: `${shownPath}:${lineOf(path)} — ${fieldName(path)} — matches no step of any trace of the solution or the starter, so it can never fail: ${hint}` });
  }
  return problems;
}
