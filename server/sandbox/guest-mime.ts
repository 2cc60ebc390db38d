/**
 * The guest's media types, answered by the host (op "mime", request-run.ts) from the mime-types
 * Express itself uses: kept in the guest, the table cost every app some 30 KB as text, or 120 KB
 * parsed; the guest keeps the few answers an app asks for (server/sandbox/guest/mime.js).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const mime = require('mime-types') as { types: Record<string, string>; charset(type: string): string | false };

/** The type of a bare extension (no dot or slash, lower case), or false: mime-types' `types` (a null-prototype table). */
export function typeOfExtension(ext: unknown): string | false {
  return typeof ext === 'string' && Object.hasOwn(mime.types, ext) ? mime.types[ext]! : false;
}

/** The charset mime-db gives a bare type outside text/* (lower case, no parameters), or false. */
export function charsetOfType(type: unknown): string | false {
  if (typeof type !== 'string' || type === '' || type.startsWith('text/') || /[\s;]/.test(type)) return false;
  return mime.charset(type) || false;
}
