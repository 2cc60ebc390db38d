import type { Step } from '../../../server/contract/trace.js';

/** One line of two runs side by side: a step of each that match, or a step only one run reached. */
export interface AlignedPair {
  left?: Step;
  right?: Step;
}

/** SQL as written, without the spacing and the final `;` that do not change what it does. */
export const normalSql = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/\s*;\s*$/, '')
    .trim();

/**
 * What makes two steps "the same stage" in two runs: their kind, and for a query its SQL, for a
 * route its pattern, for middleware its name, for an outside call its service and operation.
 * Values (parameters, rows, bodies) are left out: a step whose values differ still lines up.
 */
export function stepKey(step: Step): string {
  switch (step.kind) {
    case 'query':
      return `query:${normalSql(step.data.sql)}`;
    case 'process':
      return `process:${step.data.method} ${step.data.pattern}`;
    case 'middleware':
      return `middleware:${step.data.name}`;
    case 'external':
      return `external:${step.data.service}.${step.data.operation}`;
    default:
      return step.kind;
  }
}

/**
 * Lines up two runs' steps by their keys: the longest common subsequence keeps the order of both
 * runs, and every step outside it is one only that run reached (a ROLLBACK the other never ran).
 * Between two matches, the left run's extra steps come before the right run's.
 */
export function alignSteps(left: Step[], right: Step[]): AlignedPair[] {
  const a = left.map(stepKey);
  const b = right.map(stepKey);
  const width = b.length + 1;
  // common[i * width + j]: the length of the longest common subsequence of a[i..] and b[j..].
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] = a[i] === b[j] ? common[(i + 1) * width + j + 1]! + 1 : Math.max(common[(i + 1) * width + j]!, common[i * width + j + 1]!);
    }
  }
  const pairs: AlignedPair[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) pairs.push({ left: left[i++], right: right[j++] });
    else if (j >= b.length || (i < a.length && common[(i + 1) * width + j]! >= common[i * width + j + 1]!)) pairs.push({ left: left[i++] });
    else pairs.push({ right: right[j++] });
  }
  return pairs;
}
