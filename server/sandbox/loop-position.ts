import type { Position } from './sandbox-types.js';

const indentOf = (line: string) => line.length - line.trimStart().length;
const opensFunction = (line: string) => /(=>|\bfunction\b[^(]*\([^)]*\))\s*\{\s*$/.test(line);
const LOOP = /^(?:[A-Za-z_$][\w$]*:\s*)?(?:for|while|do)\b/;

/**
 * Where an endless loop is, given the frame QuickJS reported when the deadline interrupted it.
 *
 * QuickJS records a position only where an instruction can throw (a call, a property read), so a
 * loop that only counts or adds is reported at the start of its function (or at 1:1 for top-level
 * code). esbuild prints one statement per line with two spaces per block, so the loops of that
 * function are found from the indentation of its compiled code, skipping nested functions. With
 * several loops in the function the first one is named. Returns null when the frame already
 * points inside the function (then it is the right line) or nothing loop-like is found.
 */
export function loopPosition(js: string, frame: [number, number], fn: string | null): Position {
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
    if (LOOP.test(line.trimStart())) return [i + 1, indent + 1];
    if (opensFunction(line)) nested = indent;
  }
  return null;
}
