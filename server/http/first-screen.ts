import { readFileSync } from 'node:fs';
import type { Request, RequestHandler } from 'express';
import type { Language, Lesson } from '../contract/lesson.js';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import { strings } from '../../web/src/i18n/strings.js';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nContext, translator } from '../../web/src/i18n/i18n-context.js';
import { LessonArticle } from '../../web/src/lesson/LessonArticle.js';
import { renderMarkdown } from '../../web/src/lesson/render-markdown.js';
import { editorFiles } from './idle-prefetch.js';

/** The element the page reads its inlined answers from (web/src/api/first-screen-data.ts). */
export const FIRST_SCREEN_DATA_ID = 'first-screen-data';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON inside a <script> element: `<` escaped so no `</script>` can close it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const languageOf = (req: Request): Language => (/^\s*id\b/i.test(req.get('Accept-Language') ?? '') ? 'id' : 'en');

/**
 * What the browser paints before any script ran: the app's frame with the lesson's text, in the
 * same elements and classes the React app renders, so the text stays where it is when the app
 * replaces it. The panes that need scripts stay empty until then.
 */
function staticFrame(lesson: Lesson, language: Language, [html, ...hintHtml]: string[]): string {
  const t = strings[language];
  const i18n = { language, t: translator(language), setLanguage: () => {} };
  const article = renderToStaticMarkup(createElement(I18nContext.Provider, { value: i18n }, createElement(LessonArticle, { lesson, language, html, hintHtml })));
  return `<div class="app" style="--left:24%;--right:40%">
<header class="app-header"><div class="brand"><span class="brand__name">Gudang</span><span class="brand__tagline">${escapeHtml(t.appTagline)}</span></div><span class="tabs__spacer"></span><button type="button" class="primary-button" disabled>✓ ${escapeHtml(t.check)}</button></header>
<main class="workspace">
<section class="column column--left" aria-label="${escapeHtml(t.lesson)}"><div class="tabs"><span class="tab" aria-selected="true">${escapeHtml(t.lesson)}</span><span class="tab">${escapeHtml(t.checks)}</span></div>
<div class="column__scroll">${article}</div></section>
<div class="splitter splitter--vertical"></div><section class="column column--middle"></section><div class="splitter splitter--vertical"></div><section class="column column--right"></section>
</main></div>`;
}

/**
 * The page, answered with what its first screen would otherwise fetch in two round trips (the
 * lesson list and the first lesson) and with its style sheet inlined, so that a slow connection
 * shows the lesson after one answer. Built from the Vite output once; the lesson part per request,
 * since a lesson may be reloaded while the server runs.
 */
export function firstScreenPage(webDir: string, catalog: LessonCatalog): RequestHandler {
  const built = readFileSync(`${webDir}/index.html`, 'utf8');
  // The entry's style sheet goes into the page: one request fewer before anything can be painted.
  const page = built.replace(/<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/g, (_link, file: string) => `<style>${readFileSync(`${webDir}/${file}`, 'utf8')}</style>`);
  // The editor's files, for a learner's page to fetch when idle; the teacher's needs no editor.
  const prefetch = editorFiles(webDir);
  return (req, res) => {
    // The teacher's page and a shared trace show no lesson: they get the frame-less page and fetch what they need.
    if (/^\/(teach|share)(\/|$)/.test(req.path)) return void res.set('Cache-Control', 'no-cache').type('html').send(page);
    const lessons = [...catalog.summaries()].sort((a, b) => a.order - b.order);
    const first = lessons[0] && catalog.lesson(lessons[0].id);
    const language = languageOf(req);
    // The lesson's text and hints as HTML too, made by the page's own renderer: no marked on the first screen.
    const markdown = first ? [first.text[language], ...first.hints.map((hint) => hint[language])].map((text) => [text, renderMarkdown(text)]) : [];
    const inlined = { lessons: { lessons, problems: catalog.problems.map((p) => p.message) }, lesson: first, markdown, prefetch };
    const body = first
      ? staticFrame(
          first,
          language,
          markdown.map((pair) => pair[1]!),
        )
      : '';
    const html = page
      .replace('<html lang="en">', `<html lang="${language}">`)
      .replace('<div id="root"></div>', `<div id="root">${body}</div><script id="${FIRST_SCREEN_DATA_ID}" type="application/json">${scriptJson(inlined)}</script>`);
    res.set('Cache-Control', 'no-cache').type('html').send(html);
  };
}
