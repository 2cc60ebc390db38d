import { diffLines } from 'diff';

export interface DiffLine {
  type: 'same' | 'added' | 'removed';
  text: string;
}

/** The learner's code against the solution, line by line (− theirs, + the solution's). */
export function solutionDiff(mine: string, solution: string): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const part of diffLines(mine, solution)) {
    const type = part.added ? 'added' : part.removed ? 'removed' : 'same';
    const text = part.value.endsWith('\n') ? part.value.slice(0, -1) : part.value;
    for (const line of text.split('\n')) lines.push({ type, text: line });
  }
  return lines;
}
