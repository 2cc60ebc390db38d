// Free names that router expects from Node, injected by the bundler.
import { bufferModule } from '../lazy-modules.js';

/** Node's setImmediate, for router's "continue later": a promise job, run before the host's next turn. */
export function setImmediate(fn, ...args) {
  Promise.resolve().then(() => fn(...args));
}

/** router uses Buffer.byteLength only (the Content-Length of its OPTIONS answer); the library is compiled then. */
export const Buffer = {
  byteLength: (...args) => bufferModule().Buffer.byteLength(...args),
};
