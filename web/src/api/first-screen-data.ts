/**
 * Answers the server put into the page (server/http/first-screen.ts) so the first screen needs no
 * round trip for them. Each is taken once: later calls (a lesson reloaded, another lesson) fetch.
 */
const ELEMENT_ID = 'first-screen-data';

type Inlined = { lessons?: unknown; lesson?: { id?: unknown }; markdown?: unknown; prefetch?: unknown };
let inlined: Inlined | undefined;

function read(): Inlined {
  if (inlined) return inlined;
  try {
    // No document on the server, which renders markdown with the same module.
    inlined = typeof document === 'undefined' ? {} : (JSON.parse(document.getElementById(ELEMENT_ID)?.textContent ?? '{}') as Inlined);
  } catch {
    inlined = {};
  }
  return inlined;
}

/** The inlined lesson list, once; unknown shape is for the caller's schema to judge. */
export function takeInlinedLessons(): unknown {
  const data = read();
  const lessons = data.lessons;
  delete data.lessons;
  return lessons;
}

/** The inlined lesson if it is the one asked for, once. */
export function takeInlinedLesson(id: string): unknown {
  const data = read();
  if (data.lesson?.id !== id) return undefined;
  const lesson = data.lesson;
  delete data.lesson;
  return lesson;
}

/** Lesson markdown the server already turned into HTML, as [markdown, html] pairs, once. */
export function takeInlinedMarkdown(): [string, string][] {
  const data = read();
  const pairs = Array.isArray(data.markdown) ? data.markdown.filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string') : [];
  delete data.markdown;
  return pairs;
}

/** Files the page should fetch when idle (the code editor's), as same-origin paths, once. */
export function takeInlinedPrefetch(): string[] {
  const data = read();
  const files = Array.isArray(data.prefetch) ? data.prefetch.filter((f): f is string => typeof f === 'string' && f.startsWith('/') && !f.startsWith('//')) : [];
  delete data.prefetch;
  return files;
}
