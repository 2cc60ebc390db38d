import { marked } from 'marked';
import { takeInlinedMarkdown } from '../api/first-screen-data.js';

/**
 * Lesson text is written by the course's own instructors and served by our server, so it is
 * trusted; raw HTML in it is still escaped so a stray tag cannot break the page.
 */
const renderer = new marked.Renderer();
renderer.html = ({ text }) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Every lesson text and hint of a course, in both languages, with room for edits reloaded in dev. */
const CACHED = 500;
let rendered: Map<string, string> | undefined;

/**
 * Markdown to HTML, each text once: a lesson re-renders often, and marked takes tens of
 * milliseconds on a long text. The page the server sent brings the first lesson's HTML already made
 * by this same function (server/http/first-screen.ts), so the first screen runs no marked at all.
 */
export function renderMarkdown(text: string): string {
  rendered ??= new Map(takeInlinedMarkdown());
  const cached = rendered.get(text);
  if (cached !== undefined) return cached;
  const html = marked.parse(text, { async: false, renderer, gfm: true });
  if (rendered.size >= CACHED) rendered.clear();
  rendered.set(text, html);
  return html;
}
