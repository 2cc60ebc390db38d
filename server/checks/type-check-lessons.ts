import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LessonProblem } from '../lessons/lesson-problem.js';

const require = createRequire(import.meta.url);

/** The learner API as the editor knows it; beside the built server or in the source tree. */
const LEARNER_API = ['../contract/learner-api.d.ts', '../../server/contract/learner-api.d.ts'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

/** A lesson's code files to type-check, and how messages name them. */
export interface TypedFile {
  path: string;
  shownPath: string;
  /** Type errors in a starter are warnings (a starter may be wrong on purpose); in a solution, errors. */
  warning: boolean;
}

/**
 * Type-checks lesson code against the learner API with the editor's settings (not strict, ES2022,
 * no DOM), so the instructor sees what the student's editor will underline. TypeScript 7 has no
 * JavaScript API: this runs `tsc` once on a generated tsconfig for every file at once
 * (`moduleDetection: force` keeps each file's top-level names its own).
 */
export async function typeCheckLessons(files: TypedFile[]): Promise<LessonProblem[]> {
  if (files.length === 0) return [];
  let tsc: string;
  try {
    tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  } catch {
    return [{ message: 'typescript — types — not installed, so starter.ts and solution.ts were not type-checked (npm ci)', warning: true }];
  }
  const api = LEARNER_API.find((p) => existsSync(p));
  const dir = await mkdtemp(join(tmpdir(), 'gudang-types-'));
  try {
    const config = {
      compilerOptions: { target: 'ESNext', lib: ['ES2022'], strict: false, noEmit: true, types: [], moduleDetection: 'force', skipLibCheck: true },
      files: [...(api ? [api] : []), ...files.map((f) => f.path)],
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(config));
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { maxBuffer: 16 * 1024 * 1024 }, (_error, stdout) => resolve(String(stdout)));
    });
    const byPath = new Map(files.map((f) => [f.path, f]));
    return [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)].flatMap(([, path, line, code, text]) => {
      const file = byPath.get(resolve(path!));
      return file ? [{ message: `${file.shownPath}:${line} — types — ${text} (${code})`, warning: file.warning }] : [];
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
