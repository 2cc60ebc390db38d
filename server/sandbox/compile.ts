import { LRUCache } from 'lru-cache';
import { transform } from 'esbuild';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import type { CompileProblem } from '../contract/api.js';
import type { Position } from './sandbox-types.js';

export interface CompiledCode {
  /** The learner's TypeScript as it typed it. */
  source: string;
  /** JavaScript for the sandbox. */
  js: string;
  /** Maps a [line, column] of `js` to the learner's own line (1-based). */
  lineOf: (position: Position | undefined) => number | undefined;
}

/**
 * Strips TypeScript types with esbuild. It checks syntax, not types: type errors are Monaco's job
 * in the browser, and code that only has type errors still runs, as it would with `tsx`.
 */
export async function compileLearnerCode(source: string): Promise<CompileResult> {
  const cached = recent.get(source);
  if (cached) return cached;
  const result = await compile(source);
  recent.set(source, result);
  return result;
}

type CompileResult = { ok: true; compiled: CompiledCode } | { ok: false; problem: CompileProblem };

/** Every session of a lesson starts from the same starter code: compile it once, not per session. */
const recent = new LRUCache<string, CompileResult>({ max: 64 });

async function compile(source: string): Promise<CompileResult> {
  try {
    const result = await transform(source, {
      loader: 'ts',
      sourcemap: 'external',
      sourcefile: 'handler.ts',
      target: 'es2022',
      logLevel: 'silent',
    });
    const map = new TraceMap(result.map);
    const lineOf = (position: Position | undefined) => {
      if (!position) return undefined;
      const original = originalPositionFor(map, { line: position[0], column: Math.max(0, position[1] - 1) });
      return original.line ?? undefined;
    };
    return { ok: true, compiled: { source, js: result.code, lineOf } };
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors?.[0];
    if (!first) throw error;
    return {
      ok: false,
      problem: { message: first.text, line: first.location?.line ?? 1, column: (first.location?.column ?? 0) + 1 },
    };
  }
}
