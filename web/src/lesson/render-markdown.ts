import { marked } from 'marked';

/**
 * Lesson text is written by the course's own instructors and served by our server, so it is
 * trusted; raw HTML in it is still escaped so a stray tag cannot break the page.
 */
const renderer = new marked.Renderer();
renderer.html = ({ text }) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Markdown to HTML: on the server for the first screen, in the browser (see use-markdown.ts) for the rest. */
export function renderMarkdown(text: string): string {
  return marked.parse(text, { async: false, renderer, gfm: true });
}
