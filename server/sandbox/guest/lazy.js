// Libraries few apps use (the Buffer polyfill, negotiator, content-disposition, cookie, URL) are
// compiled on first use, from a text the host hands over then (op "library"). QuickJS compiles every
// function it is given at once, and compiling is most of what preparing an app costs; kept in the
// prelude, even the texts would stay in every app's memory. The build turns each library into
// `(function (I) { ... return module.exports })`, `I` holding the built-ins captured below
// (intrinsics.js, scripts/guest-build-options.mjs).
import { INTRINSICS } from './intrinsics.js';
import { call } from './protocol.js';

// Captured while the prelude runs, before any learner code: the engine's own eval (called through
// a variable it is an indirect eval, which sees the global scope only), the property functions
// and the built-ins the libraries are given.
// biome-ignore lint/security/noGlobalEval: compiles Gudang's own library text, fixed at build, never learner input
const evaluate = globalThis.eval;
const defineProperty = Object.defineProperty;
const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const GuestError = Error;
const intrinsics = Object.create(null);
for (const name of INTRINSICS) intrinsics[name] = globalThis[name];
Object.freeze(intrinsics);

/** The names of the libraries compiled so far, comma-separated: a string, which learner code cannot intercept. */
let loadedNames = '';

export function loaded() {
  return loadedNames;
}

/**
 * A function returning the library's exports, compiling its text the first time. A failed load
 * (the deadline or memory ran out while it compiled) is tried again on the next use. Nothing in
 * these libraries calls back into Gudang while it loads; learner code that reaches the same
 * library again from inside its load (a setter it put on Object.prototype) gets an error.
 */
export function lazy(name) {
  let exports = null;
  let loading = false;
  return function load() {
    if (exports !== null) return exports;
    if (loading) throw new GuestError(name + ' was used while it was being loaded');
    loading = true;
    try {
      exports = evaluate(call('library', { name }))(intrinsics);
    } finally {
      loading = false;
    }
    loadedNames += (loadedNames ? ',' : '') + name;
    return exports;
  };
}

/**
 * A global (`Buffer`, `URL`) that is only built when code first reads it. Until then it is an
 * accessor, as Node's own `Buffer` global is; the first read or write makes it the plain writable
 * property it would have been, so code that assigns its own `Buffer` keeps it and never loads ours.
 */
export function defineLazyGlobal(target, name, get) {
  const settle = (value) => defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  const isPending = () => {
    const descriptor = getOwnPropertyDescriptor(target, name);
    return descriptor !== undefined && descriptor.get === accessor.get;
  };
  const accessor = {
    get() {
      const value = get();
      if (isPending()) settle(value);
      return value;
    },
    set(value) {
      // An assignment through another object (one inheriting from the global) makes its own property, as with a plain one.
      if (this !== target && this !== undefined && this !== null) defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
      else if (isPending()) settle(value);
    },
  };
  defineProperty(target, name, { get: accessor.get, set: accessor.set, configurable: true, enumerable: false });
}
