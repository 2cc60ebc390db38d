import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLessons } from '../../server/checks/verify-lessons.js';
import { WORKER_URL } from '../helpers/gudang-under-test.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gudang-new-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

function lessonsNew(slug: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/lessons-new.ts', slug, root], (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });
}

describe('npm run lessons:new <slug>', () => {
  it('scaffolds a lesson that loads, and that lessons:check holds back until its placeholder text is written', { timeout: 60_000 }, async () => {
    expect((await lessonsNew('order-history')).code).toBe(0);
    const { problems } = await verifyLessons(root, WORKER_URL, { shownRoot: 'lessons' });
    expect(problems).toEqual([
      'lessons/01-order-history/lesson.md:12 — text — still the placeholder of lessons:new ("What the student learns, in a few short paragraphs. End with the task."): write the English text',
      'lessons/01-order-history/lesson.id.md:4 — text — still the placeholder of lessons:new ("Teks yang sama dalam Bahasa Indonesia (lihat GLOSSARY.md untuk istilahnya)."): write the Bahasa Indonesia text',
      'lessons/01-order-history/lesson.md:9 — hints.1.en — still the placeholder of lessons:new: write a real hint',
      'lessons/01-order-history/lesson.md:10 — hints.1.id — still the placeholder of lessons:new: write a real hint',
    ]);
  });

  it('refuses a slug that a lesson already has, and creates nothing', async () => {
    const again = await lessonsNew('order-history');
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`${join(root, '01-order-history')} already has the slug "order-history": pick another one, or edit that lesson\n`);
    expect(await readdir(root)).toEqual(['01-order-history']);
  });
});
