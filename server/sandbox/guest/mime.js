// mime-types' lookup/charset/contentType for the guest, over a table taken from mime-types at build.
/* global GUDANG_MIME_TABLE: the table as JSON text, put in by the bundler. */
const table = GUDANG_MIME_TABLE;

import { parse } from './protocol.js';

let parsed = null;
// The captured JSON.parse: learner code may have replaced the global one by the first lookup.
const data = () => (parsed ||= parse(table));

export function lookup(pathOrExt) {
  if (!pathOrExt || typeof pathOrExt !== 'string') return false;
  const ext = ('x.' + pathOrExt).replace(/^.*[./\\]/, '').toLowerCase();
  return (ext && data().types[ext]) || false;
}

export function charset(type) {
  if (!type || typeof type !== 'string') return false;
  const m = /^\s*([^;\s]*)(?:;|\s|$)/.exec(type);
  const bare = m?.[1].toLowerCase();
  if (!bare) return false;
  if (data().charsets[bare]) return data().charsets[bare];
  return bare.startsWith('text/') ? 'UTF-8' : false;
}

export function contentType(str) {
  if (!str || typeof str !== 'string') return false;
  let mime = str.indexOf('/') === -1 ? lookup(str) : str;
  if (!mime) return false;
  if (mime.indexOf('charset') === -1) {
    const cs = charset(mime);
    if (cs) mime += '; charset=' + cs.toLowerCase();
  }
  return mime;
}
