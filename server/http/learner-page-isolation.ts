import type { NextFunction, Request, Response } from 'express';

/**
 * A learner's page must never run as a page of Gudang's own origin, where its script could read
 * a classmate's session id from localStorage and drive their session. Every response under
 * /sandbox/ is therefore a sandboxed document with an opaque origin: its HTML renders, its scripts,
 * forms and popups run, but it shares nothing with the UI.
 */
export const LEARNER_PAGE_POLICY = 'sandbox allow-scripts allow-forms allow-popups';

const CSP = 'content-security-policy';

/**
 * Sets the policy at the last moment, as the headers are written, whatever wrote them (the
 * learner's answer, a 404 for a missing session, an error page). A policy the learner set is kept
 * beside it: a browser enforces every policy it gets, so theirs can only make the page stricter.
 */
export function isolateLearnerPages(_req: Request, res: Response, next: NextFunction): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    const given = args.find((arg, i) => i > 0 && arg !== null && typeof arg === 'object' && !Array.isArray(arg)) as Record<string, unknown> | undefined;
    const theirs: unknown[] = [res.getHeader(CSP)].flat();
    if (given) {
      for (const key of Object.keys(given)) {
        if (key.toLowerCase() !== CSP) continue;
        theirs.push(...[given[key]].flat());
        delete given[key];
      }
    }
    const learner = theirs.filter((value) => value !== undefined && String(value) !== LEARNER_PAGE_POLICY).map(String);
    res.setHeader('Content-Security-Policy', [...learner, LEARNER_PAGE_POLICY]);
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
  next();
}
