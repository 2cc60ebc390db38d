// The part of Node's http.ServerResponse that Express's response methods stand on: headers,
// status, write/end. Errors are Node's own (names and messages), since learners see them.
// Only bytes (a chunk in another encoding, a binary body) need the Buffer library, compiled then.
import { bufferModule } from './lazy-modules.js';

const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const INVALID_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;

function nodeError(Type, code, message) {
  const error = new Type(message);
  error.code = code;
  return error;
}

function validateName(name) {
  if (typeof name !== 'string' || !name || !TOKEN.test(name)) throw nodeError(TypeError, 'ERR_INVALID_HTTP_TOKEN', 'Header name must be a valid HTTP token ["' + name + '"]');
}

function validateValue(name, value) {
  if (value === undefined) throw nodeError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', 'Invalid value "' + value + '" for header "' + name + '"');
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) if (INVALID_VALUE_CHAR.test(String(v))) throw nodeError(TypeError, 'ERR_INVALID_CHAR', 'Invalid character in header content ["' + name + '"]');
}

function headersSentError() {
  return nodeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot set headers after they are sent to the client');
}

function toChunk(chunk, encoding) {
  if (typeof chunk === 'string') return encoding && encoding !== 'utf8' && encoding !== 'utf-8' ? bufferModule().Buffer.from(chunk, encoding) : chunk;
  if (chunk instanceof Uint8Array) return chunk;
  throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ' + describeValue(chunk));
}

/** Node's way of naming a wrong value in ERR_INVALID_ARG_TYPE. */
export function describeValue(value) {
  if (value == null) return String(value);
  if (typeof value === 'function') return 'function ' + (value.name || '<anonymous>');
  if (typeof value === 'object') return value.constructor?.name ? 'an instance of ' + value.constructor.name : 'an instance of Object';
  let shown = typeof value === 'bigint' ? value + 'n' : typeof value === 'symbol' ? value.toString() : String(value);
  if (shown.length > 28) shown = shown.slice(0, 25) + '...';
  if (typeof value === 'string') shown = "'" + shown + "'";
  return 'type ' + typeof value + ' (' + shown + ')';
}

export const HEADERS = Symbol('headers');
export const CHUNKS = Symbol('chunks');

export const serverResponse = {
  statusCode: 200,
  statusMessage: undefined,
  get headersSent() {
    return this._headerSent === true;
  },
  get writableEnded() {
    return this.finished === true;
  },
  setHeader(name, value) {
    if (this._headerSent) throw headersSentError();
    validateName(name);
    validateValue(name, value);
    this[HEADERS][name.toLowerCase()] = [name, value];
    return this;
  },
  getHeader(name) {
    const entry = this[HEADERS][String(name).toLowerCase()];
    return entry ? entry[1] : undefined;
  },
  hasHeader(name) {
    return String(name).toLowerCase() in this[HEADERS];
  },
  removeHeader(name) {
    if (this._headerSent) throw headersSentError();
    delete this[HEADERS][String(name).toLowerCase()];
  },
  getHeaderNames() {
    return Object.keys(this[HEADERS]);
  },
  getHeaders() {
    const out = Object.create(null);
    for (const key of Object.keys(this[HEADERS])) out[key] = this[HEADERS][key][1];
    return out;
  },
  writeHead(statusCode, reason, headers) {
    if (this._headerSent) throw headersSentError();
    if (typeof reason !== 'string') {
      headers = reason;
      reason = undefined;
    }
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 999) throw nodeError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', 'Invalid status code: ' + statusCode);
    this.statusCode = statusCode;
    if (reason) this.statusMessage = reason;
    if (Array.isArray(headers)) for (let i = 0; i + 1 < headers.length; i += 2) this.setHeader(headers[i], headers[i + 1]);
    else if (headers) for (const key of Object.keys(headers)) if (headers[key] !== undefined) this.setHeader(key, headers[key]);
    this._headerSent = true;
    this._streamed = true;
    return this;
  },
  write(chunk, encoding) {
    if (this.finished) throw nodeError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
    if (chunk === null) throw nodeError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
    this[CHUNKS].push(toChunk(chunk, typeof encoding === 'string' ? encoding : undefined));
    this._headerSent = true;
    this._streamed = true;
    return true;
  },
  end(chunk, encoding) {
    if (typeof chunk === 'function') chunk = undefined;
    if (this.finished) return this;
    if (chunk !== undefined && chunk !== null) this[CHUNKS].push(toChunk(chunk, typeof encoding === 'string' ? encoding : undefined));
    this._headerSent = true;
    this.finished = true;
    this._finish(this);
    return this;
  },
};

/** The body as one string when every chunk was text, else as base64 of all the bytes. */
export function collectBody(chunks) {
  if (chunks.every((c) => typeof c === 'string')) return { body: chunks.join('') };
  const { Buffer } = bufferModule();
  const bytes = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
  return { body: bytes.toString('base64'), base64: true, length: bytes.length };
}
