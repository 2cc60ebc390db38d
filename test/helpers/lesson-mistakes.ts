import { cp, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LESSON_MISTAKES = fileURLToPath(new URL('../fixtures/lesson-mistakes', import.meta.url));

/**
 * A lessons folder for one planted mistake: each lesson of `test/fixtures/lesson-mistakes/<mistake>/`
 * is the sound base lesson with the fixture's own files (the mistake) written over it.
 */
export async function lessonsWithMistake(mistake: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `gudang-${mistake}-`));
  for (const lesson of await readdir(join(LESSON_MISTAKES, mistake))) {
    await cp(join(LESSON_MISTAKES, 'base'), join(root, lesson), { recursive: true });
    await cp(join(LESSON_MISTAKES, mistake, lesson), join(root, lesson), { recursive: true, filter: (source) => !source.endsWith('.gitkeep') });
  }
  return root;
}
