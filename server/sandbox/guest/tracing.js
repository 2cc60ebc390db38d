// Each learner middleware and handler, wrapped when it is registered, reports entering and leaving
// to the host: the steps of the trace. The wrapper keeps the function's arity, which is how the
// router tells error handlers (4 arguments) from the others.
import { call, callerPosition } from './protocol.js';

const TRACED = Symbol('traced');
let middlewareCount = 0;

/** A fresh count for a fresh app (each load numbers its middleware from 0). */
export function resetTracing() {
  middlewareCount = 0;
}

export function isTraced(fn) {
  return fn[TRACED] === true;
}

/**
 * `kind` is "middleware" (app.use, or a handler followed by others) or "handler" (the last
 * function of a route). `pattern` is the path as the learner wrote it.
 */
export function traced(fn, meta) {
  if (typeof fn !== 'function' || fn[TRACED] || meta.skip) return fn;
  const errorHandler = fn.length === 4;
  const index = meta.kind === 'middleware' ? middlewareCount++ : undefined;
  const name = fn.name || (meta.kind === 'middleware' ? 'middleware' : 'handler');
  const position = meta.at === undefined ? callerPosition() : meta.at;
  const wrapper = function (a, b, c, d) {
    const req = errorHandler ? b : a;
    const next = errorHandler ? d : c;
    // A route's pattern is relative to the router it sits in; the mount path comes first.
    const id = call(
      'enter',
      meta.kind === 'middleware'
        ? { kind: 'middleware', index, name, pattern: meta.pattern, at: position }
        : { kind: 'handler', method: meta.method, pattern: (req.baseUrl || '') + meta.pattern, params: plainParams(req.params), at: position },
    );
    let left = false;
    const leave = (calledNext) => {
      if (left) return;
      left = true;
      call('leave', { id, calledNext });
    };
    const tracedNext = function () {
      leave(true);
      return next.apply(this, arguments);
    };
    let result;
    try {
      result = errorHandler ? fn.call(this, a, b, c, tracedNext) : fn.call(this, a, b, tracedNext);
    } catch (error) {
      leave(true);
      throw error;
    }
    if (result && typeof result.then === 'function') {
      result.then(
        () => leave(false),
        () => leave(true),
      );
    } else leave(false);
    return result;
  };
  Object.defineProperty(wrapper, 'length', { value: fn.length });
  Object.defineProperty(wrapper, 'name', { value: fn.name });
  wrapper[TRACED] = true;
  return wrapper;
}

/** Params as the trace shows them: strings, or lists of strings for `*name` wildcards. */
function plainParams(params) {
  const out = {};
  if (!params) return out;
  for (const key of Object.keys(params)) {
    const value = params[key];
    out[key] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

/** A route path as text for the trace: '/a', '/a,/b' for a list, '/^\\/x$/i' for a regular expression. */
export function patternText(path) {
  if (Array.isArray(path)) return path.map(patternText).join(', ');
  return String(path);
}
