/**
 * JavaScript evaluated inside the sandbox before the learner's code: the guest library, which gives
 * the learner Express 5 (`app`, `express`, `req`, `res`, `next`) plus `db`, `log`, `services`,
 * `hash`, `verify` and the web globals, talking to the host through one function,
 * `__host(op, json) -> json`. Its value is what the host drives the app with; learner code never
 * sees it. test/server/sandbox/express-parity.test.ts runs the same code in Express and here.
 */
import { GUEST_LIBRARY } from './guest-library.js';

export const LEARNER_FILENAME = 'handler.js';

/** The library's names stay inside one function scope; only what `install` defines is global. */
export const GUEST_PRELUDE = `(function () {\n${GUEST_LIBRARY}\nreturn GudangGuest.install(globalThis.__host);\n})()`;
