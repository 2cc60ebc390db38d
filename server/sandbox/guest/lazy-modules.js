// The libraries compiled on first use (lazy.js). Each GUDANG_LAZY_* is the library's bundled source
// as a string, put in by the bundler (scripts/guest-build-options.mjs). Each call returns its exports.
/* global GUDANG_LAZY_BUFFER, GUDANG_LAZY_NEGOTIATOR, GUDANG_LAZY_CONTENT_DISPOSITION, GUDANG_LAZY_COOKIE, GUDANG_LAZY_URL */
import { lazy } from './lazy.js';

/** The `buffer` package (Node's Buffer for browsers): the learner's `Buffer`, TextEncoder/TextDecoder, atob/btoa, binary bodies. */
export const bufferModule = lazy('buffer', GUDANG_LAZY_BUFFER);
/** req.accepts*(), and so res.format() and res.redirect(). */
export const negotiatorModule = lazy('negotiator', GUDANG_LAZY_NEGOTIATOR);
/** res.attachment(). */
export const contentDispositionModule = lazy('content-disposition', GUDANG_LAZY_CONTENT_DISPOSITION);
/** req.cookies, res.cookie(), res.clearCookie(). */
export const cookieModule = lazy('cookie', GUDANG_LAZY_COOKIE);
/** url.js: the learner's `URL` and `URLSearchParams`. */
export const urlModule = lazy('url', GUDANG_LAZY_URL);
