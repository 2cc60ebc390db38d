import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { call, COURSE_LESSONS, startTestGudang } from '../../helpers/gudang-under-test.js';

let root: string;
let gudang: Gudang;
const LESSON = '02-routes-and-logic';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gudang-lessons-'));
  await cp(join(COURSE_LESSONS, LESSON), join(root, LESSON), { recursive: true });
  process.env.GUDANG_WATCH_LESSONS = '1';
  try {
    gudang = await startTestGudang({ lessonsDir: root });
  } finally {
    delete process.env.GUDANG_WATCH_LESSONS;
  }
});
afterAll(async () => {
  gudang.catalog.close();
  await gudang.close();
  await rm(root, { recursive: true, force: true });
});

/** Reads the SSE stream until `count` events named `name` arrived. */
async function nextEvents(name: string, count: number, during: () => Promise<void>): Promise<string[]> {
  const controller = new AbortController();
  const response = await fetch(`${gudang.url}/api/lessons/events`, { signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  await reader.read();
  await during();
  const found: string[] = [];
  while (found.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    const pattern = new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`, 'g');
    found.splice(0, found.length, ...[...text.matchAll(pattern)].map((m) => m[1]!));
  }
  controller.abort();
  return found;
}

describe('lesson reload in dev (GUDANG_WATCH_LESSONS=1)', () => {
  it('reloads an edited lesson and tells open browsers over /api/lessons/events', async () => {
    const file = join(root, LESSON, 'lesson.md');
    const original = await readFile(file, 'utf8');
    const events = await nextEvents('lesson', 1, () => writeFile(file, original.replace('title: Routes and business logic', 'title: Routes, renamed')));
    expect(JSON.parse(events[0]!)).toEqual({ id: LESSON });
    expect((await call(gudang.url, 'GET', `/api/lessons/${LESSON}`)).json.title.en).toBe('Routes, renamed');
  });

  it('reports a lesson broken by an edit, and serves it again once fixed', async () => {
    const file = join(root, LESSON, 'checks.yaml');
    const original = await readFile(file, 'utf8');
    await nextEvents('lesson', 1, () => writeFile(file, original.replace('expect: { status: 200, body: { total: 195000 } }', 'expect: { status: OK }')));
    const broken = await call(gudang.url, 'GET', '/api/lessons');
    expect(broken.json.lessons).toEqual([]);
    expect(broken.json.problems).toEqual([`lessons/${LESSON}/checks.yaml:7 — checks.0.steps.0.expect.status — Invalid input: expected number, received string`]);

    await nextEvents('lesson', 1, () => writeFile(file, original));
    const fixed = await call(gudang.url, 'GET', '/api/lessons');
    expect(fixed.json.lessons.map((l: { id: string }) => l.id)).toEqual([LESSON]);
    expect(fixed.json.problems).toEqual([]);
  });
});
