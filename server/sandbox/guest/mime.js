// mime-types' lookup/charset/contentType for the guest, over a table taken from mime-types at build.
// The table is two texts searched on each lookup, never parsed (scripts/guest-build-options.mjs):
// TYPES has "\ntype ext ext " lines, CHARSETS "\ntype charset" lines and a final line break.
/* global GUDANG_MIME_TYPES, GUDANG_MIME_CHARSETS: the texts, put in by the bundler. */
const TYPES = GUDANG_MIME_TYPES;
const CHARSETS = GUDANG_MIME_CHARSETS;

// Captured at load: learner code may have replaced String.prototype's methods by the first lookup.
const applyFn = Reflect.apply;
const { indexOf, lastIndexOf, slice } = String.prototype;
const find = (text, part, from) => applyFn(indexOf, text, [part, from]);

/** The type an extension has; false for anything that is no whole extension of the table. */
function typeOf(ext) {
  if (find(ext, ' ', 0) !== -1 || find(ext, '\n', 0) !== -1) return false;
  const at = find(TYPES, ' ' + ext + ' ', 0);
  if (at === -1) return false;
  const start = applyFn(lastIndexOf, TYPES, ['\n', at]) + 1;
  return applyFn(slice, TYPES, [start, find(TYPES, ' ', start)]);
}

/** The charset of a type outside text/*, for a bare type without whitespace. */
function charsetOf(bare) {
  const at = find(CHARSETS, '\n' + bare + ' ', 0);
  if (at === -1) return false;
  const start = at + bare.length + 2;
  return applyFn(slice, CHARSETS, [start, find(CHARSETS, '\n', start)]);
}

export function lookup(pathOrExt) {
  if (!pathOrExt || typeof pathOrExt !== 'string') return false;
  const ext = ('x.' + pathOrExt).replace(/^.*[./\\]/, '').toLowerCase();
  return (ext && typeOf(ext)) || false;
}

export function charset(type) {
  if (!type || typeof type !== 'string') return false;
  const m = /^\s*([^;\s]*)(?:;|\s|$)/.exec(type);
  const bare = m?.[1].toLowerCase();
  if (!bare) return false;
  return charsetOf(bare) || (bare.startsWith('text/') ? 'UTF-8' : false);
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
