import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lessonChangeSchema, type LessonChange } from '../../../server/contract/lesson.js';
import type { Gudang } from '../../../server/gudang.js';
import { call, COURSE_LESSONS, newSession, startTestGudang } from '../../helpers/gudang-under-test.js';
import { saveByRename } from '../../helpers/save-by-rename.js';

let root: string;
let gudang: Gudang;
const LESSON = '02-routes-and-logic';
const logged: string[] = [];

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
  root = await mkdtemp(join(tmpdir(), 'gudang-lessons-'));
  await cp(join(COURSE_LESSONS, LESSON), join(root, LESSON), { recursive: true });
  gudang = await startTestGudang({ lessonsDir: root, watchLessons: true });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await gudang.close();
  await rm(root, { recursive: true, force: true });
});

/** Does `action`, then waits for the lessons event stream to announce `id` (in the state `until` wants). */
async function announced(id: string, action: () => Promise<void>, until: (change: LessonChange) => boolean = () => true): Promise<LessonChange> {
  const controller = new AbortController();
  const response = await fetch(`${gudang.url}/api/lessons/events`, { signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  // The stream's first chunk: the comment on connect, and any lesson broken before this test.
  text += decoder.decode((await reader.read()).value, { stream: true });
  const before = text.length;
  await action();
  try {
    for (;;) {
      const found = [...text.slice(before).matchAll(/event: lesson\ndata: (.*)\n\n/g)].map((m) => lessonChangeSchema.parse(JSON.parse(m[1]!)));
      const change = found.find((c) => c.id === id && until(c));
      if (change) return change;
      const { value, done } = await reader.read();
      if (done) throw new Error('the lessons event stream ended');
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    controller.abort();
  }
}

const titleOf = async (id: string) => (await call(gudang.url, 'GET', `/api/lessons/${id}`)).json.title.en;

describe('lesson reload in dev (GUDANG_WATCH_LESSONS=1)', () => {
  it('sees every save by rename, not only the first, and reloads the lesson each time', async () => {
    const file = join(root, LESSON, 'lesson.md');
    const original = await readFile(file, 'utf8');
    for (const title of ['Routes, renamed once', 'Routes, renamed twice']) {
      const change = await announced(LESSON, () => saveByRename(file, original.replace('title: Routes and business logic', `title: ${title}`)));
      expect(change).toEqual({ id: LESSON, problems: [] });
      await vi.waitFor(async () => expect(await titleOf(LESSON)).toBe(title), { timeout: 10_000 });
    }
    await announced(LESSON, () => saveByRename(file, original));
    await vi.waitFor(async () => expect(await titleOf(LESSON)).toBe('Routes and business logic'), { timeout: 10_000 });
  });

  it('sees a lesson folder created after the start', async () => {
    const copy = '03-routes-again';
    // Files arrive one by one, and a reload may come between two: the last one leaves no problem.
    const change = await announced(
      copy,
      async () => {
        const lesson = (await readFile(join(root, LESSON, 'lesson.md'), 'utf8')).replace(/^order: \d+$/m, 'order: 3').replace('title: Routes and business logic', 'title: Routes again');
        await cp(join(root, LESSON), join(root, `.${copy}`), { recursive: true });
        await writeFile(join(root, `.${copy}`, 'lesson.md'), lesson);
        await cp(join(root, `.${copy}`), join(root, copy), { recursive: true });
      },
      (c) => c.problems.length === 0,
    );
    expect(change.problems).toEqual([]);
    expect(await titleOf(copy)).toBe('Routes again');
    await announced(
      copy,
      () => rm(join(root, copy), { recursive: true }),
      (c) => c.problems.length === 0,
    );
    await rm(join(root, `.${copy}`), { recursive: true });
    expect((await call(gudang.url, 'GET', `/api/lessons/${copy}`)).status).toBe(404);
  });

  it('keeps the last good version served while an edit is broken, reports it, and serves the fix', async () => {
    const file = join(root, LESSON, 'checks.yaml');
    const original = await readFile(file, 'utf8');
    const problem = `${root}/${LESSON}/checks.yaml:7 — checks.1.steps.1.expect.status — a status code (a whole number such as 201), or a list of the codes that are right, e.g. [400, 422]`;
    const broken = await announced(
      LESSON,
      () => saveByRename(file, original.replace('expect: { status: 200, body: { total: 195000 } }', 'expect: { status: OK }')),
      (c) => c.problems.length > 0,
    );
    expect(broken).toEqual({ id: LESSON, problems: [problem] });
    await vi.waitFor(() => expect(logged).toContain(`lesson problem: ${problem}`));
    const listed = await call(gudang.url, 'GET', '/api/lessons');
    expect(listed.json.lessons.map((l: { id: string }) => l.id)).toEqual([LESSON]);
    expect(listed.json.problems).toEqual([problem]);
    const session = await newSession(gudang.url, LESSON);
    expect((await call(gudang.url, 'POST', `/api/sessions/${session.sessionId}/checks`)).json.total).toBe(4);

    const fixed = await announced(
      LESSON,
      () => saveByRename(file, original),
      (c) => c.problems.length === 0,
    );
    expect(fixed).toEqual({ id: LESSON, problems: [] });
    expect((await call(gudang.url, 'GET', '/api/lessons')).json.problems).toEqual([]);
    await vi.waitFor(() => expect(logged.at(-1)).toBe(`lesson ${LESSON} reloaded`));
  });

  it('reports a type error in the solution, and a starter that throws as it loads, and serves neither', async () => {
    const solution = join(root, LESSON, 'solution.ts');
    const original = await readFile(solution, 'utf8');
    const typed = await announced(
      LESSON,
      () => saveByRename(solution, `${original}\nconst total: number = 'many';\n`),
      (c) => c.problems.length > 0,
    );
    const line = original.split('\n').length + 1;
    expect(typed.problems).toEqual([`${root}/${LESSON}/solution.ts:${line} — types — Type 'string' is not assignable to type 'number'. (TS2322)`]);
    expect(gudang.catalog.get(LESSON)!.solutionCode).toBe(original);
    await announced(
      LESSON,
      () => saveByRename(solution, original),
      (c) => c.problems.length === 0,
    );

    const starter = join(root, LESSON, 'starter.ts');
    const starterText = await readFile(starter, 'utf8');
    const thrown = await announced(
      LESSON,
      () => saveByRename(starter, `JSON.parse('{ oops');\n${starterText}`),
      (c) => c.problems.length > 0,
    );
    expect(thrown.problems).toEqual([`${root}/${LESSON}/starter.ts:1 — code — throws when it loads, so every request fails: SyntaxError: expecting property name`]);
    // Never served: the lesson and new sessions keep the last good starter, and it answers requests.
    expect((await call(gudang.url, 'GET', `/api/lessons/${LESSON}`)).json.starterCode).toBe(starterText);
    const session = await newSession(gudang.url, LESSON);
    expect(session.code).toBe(starterText);
    expect((await call(gudang.url, 'POST', `/sandbox/${session.sessionId}/api/quote`, { items: [{ productId: 1 }] })).json).toEqual({ total: 85000 });
    await announced(
      LESSON,
      () => saveByRename(starter, starterText),
      (c) => c.problems.length === 0,
    );
  });

  it('treats a starter that does not compile as a lesson problem, and hands open sessions the new starter on reset', async () => {
    const file = join(root, LESSON, 'starter.ts');
    const original = await readFile(file, 'utf8');
    const session = await newSession(gudang.url, LESSON);
    const broken = await announced(
      LESSON,
      () => saveByRename(file, `${original}\napp.get('/oops', (req, res) => {\n`),
      (c) => c.problems.length > 0,
    );
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatch(new RegExp(`^${root}/${LESSON}/starter.ts:\\d+ — code — does not compile: `));
    // New sessions still start, on the last good starter: a broken starter is never blamed on a student.
    expect((await newSession(gudang.url, LESSON)).code).toBe(original);

    const edited = `// A new first line from the instructor\n${original}`;
    await announced(
      LESSON,
      () => saveByRename(file, edited),
      (c) => c.problems.length === 0,
    );
    await vi.waitFor(async () => expect((await call(gudang.url, 'GET', `/api/lessons/${LESSON}`)).json.starterCode).toBe(edited), { timeout: 10_000 });
    const reset = await call(gudang.url, 'POST', `/api/sessions/${session.sessionId}/reset`);
    expect(reset.json.code).toBe(edited);
    await announced(
      LESSON,
      () => saveByRename(file, original),
      (c) => c.problems.length === 0,
    );
  });
});
