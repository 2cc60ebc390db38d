import type { Trace } from '../contract/trace.js';

/** What stands where the session's id or one of Gudang's own cookies was. */
export const HIDDEN = 'hidden';

/** Gudang's cookies (the class student's token) ride on requests a browser sends to the learner's app. */
const GUDANG_COOKIE = /^gudang_/;

const cookieParts = (header: string | string[] | undefined) =>
  (Array.isArray(header) ? header.join('; ') : (header ?? ''))
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * A trace as a share link shows it: the session's id appears nowhere (not as `sessionId`, nor in a
 * Referer that named the learner's app), and Gudang's own cookies are taken out of the request,
 * their values hidden wherever else they show (an app that echoes its headers).
 */
export function sharedCopy(trace: Trace): Trace {
  const receive = trace.steps.find((step) => step.kind === 'receive');
  const ours = receive ? cookieParts(receive.data.headers.cookie).filter((part) => GUDANG_COOKIE.test(part)) : [];
  const secrets = [trace.sessionId, ...ours.map((part) => part.slice(part.indexOf('=') + 1))].filter((secret) => secret.length >= 8);
  let json = JSON.stringify(trace);
  for (const secret of secrets) json = json.split(secret).join(HIDDEN);
  const copy = JSON.parse(json) as Trace;
  for (const step of copy.steps) {
    if (step.kind !== 'receive' || step.data.headers.cookie === undefined) continue;
    const kept = cookieParts(step.data.headers.cookie).filter((part) => !GUDANG_COOKIE.test(part));
    if (kept.length > 0) step.data.headers.cookie = kept.join('; ');
    else delete step.data.headers.cookie;
  }
  return { ...copy, sessionId: HIDDEN };
}
