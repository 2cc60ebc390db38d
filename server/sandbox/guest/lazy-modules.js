// The libraries compiled on first use (lazy.js), by the names the host knows them by
// (scripts/guest-build-options.mjs). Each call returns the library's exports.
import { lazy } from './lazy.js';

/** The `buffer` package (Node's Buffer for browsers): the learner's `Buffer`, TextEncoder/TextDecoder, atob/btoa, binary bodies. */
export const bufferModule = lazy('buffer');
/** req.accepts*(), and so res.format() and res.redirect(). */
export const negotiatorModule = lazy('negotiator');
/** res.attachment(). */
export const contentDispositionModule = lazy('content-disposition');
/** req.cookies, res.cookie(), res.clearCookie(). */
export const cookieModule = lazy('cookie');
/** url.js: the learner's `URL` and `URLSearchParams`. */
export const urlModule = lazy('url');
