import { marked } from 'marked';

/**
 * Lesson text is written by the course's own instructors and served by our server, so it is
 * trusted; raw HTML in it is still escaped so a stray tag cannot break the page.
 */
const renderer = new marked.Renderer();
renderer.html = ({ text }) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const renderMarkdown = (text: string): string => marked.parse(text, { async: false, renderer, gfm: true });
