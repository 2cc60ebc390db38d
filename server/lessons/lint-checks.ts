import { isReadOnly } from '../database/sql-guard.js';
import type { Check } from './check-files.js';
import { didYouMean } from './did-you-mean.js';
import type { LessonProblem } from './lesson-problem.js';
import { fieldName, type FieldPath, type LineOf } from './field-path.js';

/** Every string inside `value` with its path, for finding `{{name}}` placeholders. */
function* strings(value: unknown, path: (string | number)[]): Generator<[string, (string | number)[]]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, [...path, i]);
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) yield* strings(item, [...path, key]);
}

/**
 * What makes a check unable to fail (or to pass) that can be seen without running it: a
 * `{{name}}` no earlier step saved, a query plan the lesson never records, database SQL that writes.
 */
export function lintChecks(checks: Check[], lineOf: LineOf, shownPath: string, lesson: { queryPlan: boolean }): LessonProblem[] {
  const problems: LessonProblem[] = [];
  const report = (path: FieldPath, message: string) => problems.push({ message: `${shownPath}:${lineOf(path)} — ${fieldName(path)} — ${message}` });
  checks.forEach((check, c) => {
    const saved = new Set<string>();
    check.steps.forEach((step, s) => {
      const at = ['checks', c, 'steps', s] as const;
      for (const part of ['request', 'expect'] as const) {
        for (const [text, path] of strings(step[part], [...at, part])) {
          for (const [, name] of text.matchAll(/\{\{(\w+)\}\}/g)) {
            if (saved.has(name!)) continue;
            const guess = didYouMean(name!, saved);
            const fix = guess ? `did you mean \`{{${guess}}}\`?` : saved.size > 0 ? `saved so far: ${[...saved].join(', ')}` : `save it in an earlier step, e.g. save: { ${name}: body.id }`;
            report(path, `{{${name}}} is not saved by an earlier step of this check; ${fix}`);
          }
        }
      }
      for (const name of Object.keys(step.save ?? {})) saved.add(name);
      if (step.expect?.trace?.plan && !lesson.queryPlan) {
        report([...at, 'expect', 'trace', 'plan'], 'queries record their plan only in a lesson with queryPlan: true in lesson.md; add it there, or this expectation can never pass');
      }
    });
    check.database.forEach((expectation, d) => {
      if (!isReadOnly(expectation.sql)) report(['checks', c, 'database', d, 'sql'], "a check only reads the database: use one SELECT here, and put what must be written first in the check's setup");
    });
  });
  return problems;
}
