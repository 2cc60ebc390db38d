// mime-types' lookup/charset/contentType for the guest. The table is the host's (op "mime",
// server/sandbox/guest-mime.ts): in the guest it cost every app some 30 KB as text, or 120 KB
// parsed. The answers an app asked for are kept, so a route answers from here after its first time.
import { call } from './protocol.js';

// Null-prototype, so no key ("constructor", "__proto__") finds anything but a kept answer; cleared when full.
let kept = Object.create(null);
let keptCount = 0;
const KEEP = 256;

function ask(key, payload) {
  const known = kept[key];
  if (known !== undefined) return known;
  const answer = call('mime', payload);
  const value = typeof answer === 'string' ? answer : false;
  if (keptCount === KEEP) {
    kept = Object.create(null);
    keptCount = 0;
  }
  kept[key] = value;
  keptCount++;
  return value;
}

export function lookup(pathOrExt) {
  if (!pathOrExt || typeof pathOrExt !== 'string') return false;
  const ext = ('x.' + pathOrExt).replace(/^.*[./\\]/, '').toLowerCase();
  return (ext && ask('e' + ext, { ext })) || false;
}

export function charset(type) {
  if (!type || typeof type !== 'string') return false;
  const m = /^\s*([^;\s]*)(?:;|\s|$)/.exec(type);
  const bare = m?.[1].toLowerCase();
  if (!bare) return false;
  if (bare.startsWith('text/')) return 'UTF-8';
  return ask('c' + bare, { type: bare });
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
