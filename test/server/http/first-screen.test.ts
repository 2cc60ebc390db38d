import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../../server/gudang.js';
import { call, startTestGudang, WEB_DIR } from '../../helpers/gudang-under-test.js';

let gudang: Gudang;
beforeAll(async () => {
  gudang = await startTestGudang({}, WEB_DIR);
});
afterAll(() => gudang.close());

/** The JSON the page carries for its first screen. */
const inlinedData = (html: string) => JSON.parse(/<script id="first-screen-data" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!);

describe('the first HTML answer', () => {
  it('carries the first lesson: its text to paint, and the answers the app would otherwise fetch', async () => {
    const page = await call(gudang.url, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const lessons = (await call(gudang.url, 'GET', '/api/lessons')).json;
    const firstId = [...lessons.lessons].sort((a: { order: number }, b: { order: number }) => a.order - b.order)[0].id;
    const lesson = (await call(gudang.url, 'GET', `/api/lessons/${firstId}`)).json;
    // Painted before any script runs.
    expect(page.text).toContain(`<h1>${lesson.title.en}</h1>`);
    expect(page.text).toMatch(/<div class="prose"><(h\d|p)>/);
    const data = inlinedData(page.text);
    expect(data.lessons).toEqual(lessons);
    expect(data.lesson).toEqual(lesson);
    expect(data.markdown[0][0]).toBe(lesson.text.en);
    // The style sheet is in the page: nothing to wait for before painting it.
    expect(page.text).toMatch(/<style>/);
    expect(page.text).not.toMatch(/<link rel="stylesheet"/);
  });

  it('is in Bahasa Indonesia for a browser that asks for it', async () => {
    const page = await call(gudang.url, 'GET', '/', undefined, { 'accept-language': 'id-ID,id;q=0.9,en;q=0.8' });
    const lesson = inlinedData(page.text).lesson;
    expect(page.text).toContain('<html lang="id">');
    expect(page.text).toContain(`<h1>${lesson.title.id}</h1>`);
  });

  it('cannot be closed early by lesson text: every < in the inlined JSON is escaped', async () => {
    const page = await call(gudang.url, 'GET', '/');
    const json = /<script id="first-screen-data" type="application\/json">(.*?)<\/script>/s.exec(page.text)![1]!;
    expect(json).not.toContain('<');
  });

  it("paints no lesson on the teacher's page, which is not a lesson", async () => {
    for (const path of ['/teach', '/teach/ABC123']) {
      const page = await call(gudang.url, 'GET', path);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<div id="root"></div>');
      expect(page.text).not.toContain('first-screen-data');
    }
  });
});
