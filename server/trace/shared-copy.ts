import type { Headers, Trace } from '../contract/trace.js';

/** What stands where the session's id, one of Gudang's own cookies or the learner's address was. */
export const HIDDEN = 'hidden';

/** Gudang's cookies (the class student's token) ride on requests a browser sends to the learner's app. */
const GUDANG_COOKIE = /^gudang_/;
/** What a proxy in front of Gudang adds: the learner's address, not theirs to give away with a link. */
const PROXY_HEADERS = ['x-forwarded-for', 'x-real-ip', 'forwarded'];
const ADDRESS = /^[0-9A-Fa-f.:]{7,}$/;

const listOf = (header: string | string[] | undefined, separator: string) =>
  (Array.isArray(header) ? header.join(separator) : (header ?? ''))
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);

/** The values to hide wherever they show: Gudang's cookie tokens and the addresses a proxy recorded. */
function secretsIn(headers: Headers): string[] {
  const tokens = listOf(headers.cookie, ';')
    .filter((part) => GUDANG_COOKIE.test(part))
    .map((part) => part.slice(part.indexOf('=') + 1))
    .filter((token) => token.length >= 8);
  const addresses = [...listOf(headers['x-forwarded-for'], ','), ...listOf(headers['x-real-ip'], ',')].filter((address) => ADDRESS.test(address));
  return [...tokens, ...addresses];
}

/**
 * A trace as a share link shows it: the session's id appears nowhere (not as `sessionId`, nor in a
 * Referer that named the learner's app); Gudang's own cookies and a proxy's record of the learner's
 * address are taken out of the request, and their values hidden wherever else they show (an app
 * that echoes its headers or `req.ip`).
 */
export function sharedCopy(trace: Trace): Trace {
  const receive = trace.steps.find((step) => step.kind === 'receive');
  const secrets = [trace.sessionId, ...(receive ? secretsIn(receive.data.headers) : [])];
  let json = JSON.stringify(trace);
  for (const secret of secrets) json = json.split(secret).join(HIDDEN);
  const copy = JSON.parse(json) as Trace;
  for (const step of copy.steps) {
    if (step.kind !== 'receive') continue;
    const { headers } = step.data;
    for (const name of PROXY_HEADERS) delete headers[name];
    if (headers.cookie === undefined) continue;
    const kept = listOf(headers.cookie, ';').filter((part) => !GUDANG_COOKIE.test(part));
    if (kept.length > 0) headers.cookie = kept.join('; ');
    else delete headers.cookie;
  }
  return { ...copy, sessionId: HIDDEN };
}
