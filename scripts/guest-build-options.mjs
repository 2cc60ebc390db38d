// How the guest library (server/sandbox/guest/) is bundled into the text the sandbox evaluates:
// Express 5's own `router` and `path-to-regexp` plus Gudang's request/response, with Node's
// modules replaced by small shims. Shared by the server build and by the source (tests).
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { INTRINSICS } from '../server/sandbox/guest/intrinsics.js';

const require = createRequire(import.meta.url);
const guest = (file) => fileURLToPath(new URL(`../server/sandbox/guest/${file}`, import.meta.url));

/**
 * Extension → type and type → charset, from the same mime-types Express uses, computed at build,
 * as two texts the guest searches instead of parsing (server/sandbox/guest/mime.js): a parsed
 * table would cost every app that sends a response some 120 KB. `types` has a line per type,
 * "\ntype ext ext ", each extension between spaces; `charsets` has "\ntype charset" lines, for
 * the types outside text/* that have one, and ends with a line break.
 */
function mimeTable() {
  const mime = require('mime-types');
  const db = require('mime-db');
  const extensionsOf = new Map();
  const seen = new Set();
  let charsets = '';
  for (const [type, entry] of Object.entries(db)) {
    for (const ext of entry.extensions ?? []) {
      if (seen.has(ext)) continue;
      seen.add(ext);
      const resolved = mime.lookup(ext);
      if (/[\s]/.test(ext) || /[\s]/.test(resolved)) throw new Error(`mime: whitespace in ${ext} or ${resolved}`);
      if (!extensionsOf.has(resolved)) extensionsOf.set(resolved, []);
      extensionsOf.get(resolved).push(ext);
    }
    const charset = mime.charset(type);
    if (charset && !type.startsWith('text/')) charsets += `\n${type} ${charset}`;
  }
  let types = '';
  for (const [type, exts] of extensionsOf) types += `\n${type} ${exts.join(' ')} `;
  return { types, charsets: charsets + '\n' };
}

const alias = {
  'node:http': guest('shims/http.js'),
  'node:diagnostics_channel': guest('shims/diagnostics-channel.js'),
  url: guest('shims/url.js'),
  debug: guest('shims/debug.cjs'),
  depd: guest('shims/depd.cjs'),
};

/**
 * A library the guest compiles on first use (server/sandbox/guest/lazy.js), asking the host for
 * its text then (op "library", server/sandbox/request-run.ts): bundled on its own,
 * resolved as the guest's own imports are, and wrapped as `(function (I) { ... return module.exports })`,
 * where `I` holds the built-ins as the prelude found them (only those the code names).
 */
function lazyLibrary(specifier) {
  const code = buildSync({
    stdin: { contents: `module.exports = require(${JSON.stringify(specifier)});`, resolveDir: guest('.'), sourcefile: `lazy-${specifier}.js`, loader: 'js' },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['main', 'module'],
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    alias,
  }).outputFiles[0].text;
  const named = INTRINSICS.filter((name) => new RegExp(`\\b${name}\\b`).test(code));
  const pinned = named.length ? `var ${named.map((name) => `${name}=I.${name}`).join(',')};` : '';
  return `(function(I){${pinned}var module={exports:{}},exports=module.exports;\n${code}\nreturn module.exports})`;
}

/**
 * The lazily compiled libraries by the name the guest asks for (server/sandbox/guest/lazy-modules.js).
 * They are not in the prelude: its strings stay in every app's memory, these only in the apps that use them.
 */
const lazySpecifiers = { buffer: 'buffer', negotiator: 'negotiator', 'content-disposition': 'content-disposition', cookie: 'cookie', url: './url.js' };
export const guestLazyLibraries = Object.fromEntries(Object.entries(lazySpecifiers).map(([name, specifier]) => [name, lazyLibrary(specifier)]));

export const guestBuildOptions = {
  entryPoints: [guest('entry.js')],
  bundle: true,
  write: false,
  format: 'iife',
  globalName: 'GudangGuest',
  platform: 'neutral',
  mainFields: ['main', 'module'],
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  alias,
  inject: [guest('shims/node-globals.js')],
  // Texts, not code: a string literal costs the engine far less to compile than an object literal or a function.
  define: Object.fromEntries(Object.entries(mimeTable()).map(([part, text]) => [`GUDANG_MIME_${part.toUpperCase()}`, JSON.stringify(text)])),
};
