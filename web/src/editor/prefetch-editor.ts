import { takeInlinedPrefetch } from '../api/first-screen-data.js';

/** How long a busy page waits at most before the prefetch is asked for anyway. */
const IDLE_TIMEOUT_MS = 3000;

/**
 * Has the browser fetch the code editor's files (Monaco: a megabyte compressed) at the lowest
 * priority once the first screen is up and the main thread is idle. Nothing is evaluated: Monaco
 * runs when the learner reaches for the code, and then comes from the cache.
 */
export function prefetchEditorWhenIdle(): void {
  const files = takeInlinedPrefetch();
  if (files.length === 0) return;
  const add = () => {
    for (const file of files) {
      const link = document.createElement('link');
      link.rel = 'prefetch';
      link.href = file;
      document.head.append(link);
    }
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(add, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(add, IDLE_TIMEOUT_MS);
}
