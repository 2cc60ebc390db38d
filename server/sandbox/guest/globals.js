// What learners reach for besides Express: Buffer, URL, TextEncoder/TextDecoder, structuredClone,
// crypto.randomUUID, timers, atob/btoa. All of it lives inside the engine; randomness is the
// one thing asked of the host. Buffer and URL are compiled on first use (lazy.js); Gudang's own
// code reaches them through lazy-modules.js, never through the globals learner code may replace.
import { defineLazyGlobal } from './lazy.js';
import { bufferModule, urlModule } from './lazy-modules.js';
import { call } from './protocol.js';
import { cancel, schedule } from './timers.js';

const buffer = () => bufferModule().Buffer;

class TextEncoder {
  get encoding() {
    return 'utf-8';
  }
  encode(text = '') {
    const bytes = buffer().from(String(text), 'utf8');
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  }
}

class TextDecoder {
  constructor(label = 'utf-8', options = {}) {
    const encoding = String(label).toLowerCase();
    if (encoding !== 'utf-8' && encoding !== 'utf8') throw new RangeError('The "' + label + '" encoding is not supported in Gudang (only utf-8)');
    this.fatal = Boolean(options.fatal);
  }
  get encoding() {
    return 'utf-8';
  }
  decode(input) {
    if (input === undefined) return '';
    const view = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    const Buffer = buffer();
    const text = Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('utf8');
    if (this.fatal && text.indexOf('\ufffd') !== -1 && !Buffer.from(text, 'utf8').equals(Buffer.from(view))) {
      const error = new TypeError('The encoded data was not valid for encoding utf-8');
      error.code = 'ERR_ENCODING_INVALID_ENCODED_DATA';
      throw error;
    }
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

function dataCloneError(value) {
  const error = new Error((typeof value === 'function' ? String(value).slice(0, 40) : String(typeof value === 'symbol' ? value.toString() : value)) + ' could not be cloned.');
  error.name = 'DataCloneError';
  return error;
}

/** The structured clone algorithm, for the values a learner's code deals in. */
function structuredClone(value) {
  const seen = new Map();
  const clone = (v) => {
    if (typeof v === 'function' || typeof v === 'symbol') throw dataCloneError(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    let out;
    if (v instanceof Date) out = new Date(v.getTime());
    else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
    else if (ArrayBuffer.isView(v)) out = new v.constructor(v);
    else if (v instanceof ArrayBuffer) out = v.slice(0);
    else if (v instanceof Map) {
      out = new Map();
      seen.set(v, out);
      for (const [key, val] of v) out.set(clone(key), clone(val));
      return out;
    } else if (v instanceof Set) {
      out = new Set();
      seen.set(v, out);
      for (const val of v) out.add(clone(val));
      return out;
    } else if (v instanceof Error) {
      out = new (globalThis[v.name] || Error)(v.message);
      if (v.stack) out.stack = v.stack;
    } else if (Array.isArray(v)) {
      out = [];
      seen.set(v, out);
      for (let i = 0; i < v.length; i++) out[i] = clone(v[i]);
      return out;
    } else {
      if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) throw dataCloneError(v);
      out = {};
      seen.set(v, out);
      for (const key of Object.keys(v)) out[key] = clone(v[key]);
      return out;
    }
    seen.set(v, out);
    return out;
  };
  return clone(value);
}

function getRandomValues(array) {
  if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array) throw new TypeError('The data argument must be an integer-type TypedArray');
  if (array.byteLength > 65536) throw new RangeError("The ArrayBufferView's byte length (" + array.byteLength + ') exceeds the number of bytes of entropy available via this API (65536)');
  const bytes = buffer().from(call('random', { bytes: array.byteLength }), 'base64');
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
  return array;
}

export function installGlobals(target) {
  const define = (name, value) => Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  defineLazyGlobal(target, 'Buffer', buffer);
  defineLazyGlobal(target, 'URL', () => urlModule().URL);
  defineLazyGlobal(target, 'URLSearchParams', () => urlModule().URLSearchParams);
  define('TextEncoder', TextEncoder);
  define('TextDecoder', TextDecoder);
  define('structuredClone', structuredClone);
  define('crypto', { randomUUID: () => call('uuid', {}), getRandomValues });
  define('setTimeout', (fn, ms, ...args) => schedule(fn, args, ms, false));
  define('setInterval', (fn, ms, ...args) => schedule(fn, args, ms, true));
  define('setImmediate', (fn, ...args) => schedule(fn, args, 0, false));
  define('clearTimeout', cancel);
  define('clearInterval', cancel);
  define('clearImmediate', cancel);
  define('queueMicrotask', (fn) => {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function');
    Promise.resolve().then(() => fn());
  });
  define('atob', (text) => buffer().from(String(text), 'base64').toString('latin1'));
  define('btoa', (text) => {
    const s = String(text);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: btoa accepts exactly the code points 0–255
    if (/[^\x00-\xff]/.test(s)) throw new Error('Invalid character');
    return buffer().from(s, 'latin1').toString('base64');
  });
}
