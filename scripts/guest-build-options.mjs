// How the guest library (server/sandbox/guest/) is bundled into the text the sandbox evaluates:
// Express 5's own `router` and `path-to-regexp` plus Gudang's request/response, with Node's
// modules replaced by small shims. Shared by the server build and by the source (tests).
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { INTRINSICS } from '../server/sandbox/guest/intrinsics.js';

const guest = (file) => fileURLToPath(new URL(`../server/sandbox/guest/${file}`, import.meta.url));

const alias = {
  'node:http': guest('shims/http.js'),
  'node:diagnostics_channel': guest('shims/diagnostics-channel.js'),
  url: guest('shims/url.js'),
  debug: guest('shims/debug.cjs'),
  depd: guest('shims/depd.cjs'),
};

/** What the prelude and each lazily compiled library are bundled with. */
const shared = {
  bundle: true,
  write: false,
  platform: 'neutral',
  mainFields: ['main', 'module'],
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  alias,
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
    ...shared,
    format: 'cjs',
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
  ...shared,
  format: 'iife',
  globalName: 'GudangGuest',
  inject: [guest('shims/node-globals.js')],
};
