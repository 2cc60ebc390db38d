// Free names that router expects from Node, injected by the bundler.
import { Buffer } from 'buffer';

/** Node's setImmediate, for router's "continue later": a promise job, run before the host's next turn. */
export function setImmediate(fn, ...args) {
  Promise.resolve().then(() => fn(...args));
}
export { Buffer };
