import { useEffect, useState } from 'react';
import { takeInlinedMarkdown } from '../api/first-screen-data.js';

/** Every lesson text and hint of a course, in both languages, with room for edits reloaded in dev. */
const CACHED = 500;
let rendered: Map<string, string> | undefined;

const cachedHtml = (text: string) => {
  rendered ??= new Map(takeInlinedMarkdown());
  return rendered.get(text);
};

/**
 * Lesson Markdown as HTML, each text rendered once. The page the server sent brings the first
 * lesson's HTML already made, so the first screen neither loads nor runs marked (tens of kilobytes
 * whose set-up alone blocks a slow phone for a tenth of a second); another lesson loads it.
 */
export function useMarkdown(texts: string[]): (string | undefined)[] {
  const [, setLoaded] = useState(0);
  const missing = texts.filter((text) => cachedHtml(text) === undefined);
  const key = missing.join('\u0000');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `missing`, which is a new array each render
  useEffect(() => {
    if (missing.length === 0) return;
    let current = true;
    void import('./render-markdown.js').then(({ renderMarkdown }) => {
      if (rendered!.size + missing.length > CACHED) rendered!.clear();
      for (const text of missing) rendered!.set(text, renderMarkdown(text));
      if (current) setLoaded((n) => n + 1);
    });
    return () => {
      current = false;
    };
  }, [key]);
  return texts.map(cachedHtml);
}
