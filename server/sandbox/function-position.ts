import type { Position } from './sandbox-types.js';

const indentOf = (line: string) => line.length - line.trimStart().length;
const opensFunction = (line: string) => /(=>|\bfunction\b[^(]*\([^)]*\))\s*\{\s*$/.test(line);

/** A loop statement: what an endless loop interrupted by the deadline was stuck in. */
export const isLoop = (line: string) => /^\s*(?:[A-Za-z_$][\w$]*:\s*)?(?:for|while|do)\b/.test(line);
/** A line that reads a request body: where "no JSON body" went wrong. */
export const readsBody = (line: string) => /\.body\b/.test(line);

/**
 * The line QuickJS should have named, inside the function a frame points at.
 *
 * QuickJS records a position only where an instruction can throw a located error (a call, a
 * property read), so an interrupted loop that only counts, or a destructuring of `undefined`, is
 * reported at the start of its function (or at 1:1 for top-level code). esbuild prints one
 * statement per line with two spaces per block, so the function's own lines are found from the
 * indentation of its compiled code, skipping nested functions; the first line `wanted` accepts is
 * the answer. Returns null when the frame already points inside a function (then it is right) or
 * no line fits.
 */
export function lineInFunction(js: string, frame: [number, number], fn: string | null, wanted: (line: string) => boolean): Position {
  const lines = js.split('\n');
  const topLevel = fn === '<eval>';
  const headIndex = frame[0] - 1;
  const head = lines[headIndex];
  if (head === undefined) return null;
  if (!topLevel && !opensFunction(head)) return null;
  const base = topLevel ? -1 : indentOf(head);
  let nested: number | null = null;
  for (let i = topLevel ? 0 : headIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const indent = indentOf(line);
    if (indent <= base) break;
    if (nested !== null && indent > nested) continue;
    nested = null;
    if (wanted(line)) return [i + 1, indent + 1];
    if (opensFunction(line)) nested = indent;
  }
  return null;
}
