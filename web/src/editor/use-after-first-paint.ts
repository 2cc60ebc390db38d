import { useEffect, useState } from 'react';

/** How long a busy page waits at most before the editor loads anyway. */
const IDLE_TIMEOUT_MS = 3000;

/**
 * False until the page has painted and the browser has time to spare. Monaco and its TypeScript
 * worker are megabytes of script: loaded only then, they never hold back the lesson text or the
 * request panel, which work without them.
 */
export function useAfterFirstPaint(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let idle: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame after this one has been painted; then the first idle moment.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(() => setReady(true), { timeout: IDLE_TIMEOUT_MS });
        else setReady(true);
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      if (idle !== undefined) cancelIdleCallback(idle);
    };
  }, []);
  return ready;
}
