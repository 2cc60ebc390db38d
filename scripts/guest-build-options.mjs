// How the guest library (server/sandbox/guest/) is bundled into the text the sandbox evaluates:
// Express 5's own `router` and `path-to-regexp` plus Gudang's request/response, with Node's
// modules replaced by small shims. Shared by the server build and by the source (tests).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const guest = (file) => fileURLToPath(new URL(`../server/sandbox/guest/${file}`, import.meta.url));

/** Extension → type and type → charset, from the same mime-types Express uses, computed at build. */
function mimeTable() {
  const mime = require('mime-types');
  const db = require('mime-db');
  const types = {};
  const charsets = {};
  for (const [type, entry] of Object.entries(db)) {
    for (const ext of entry.extensions ?? []) types[ext] ??= mime.lookup(ext);
    const charset = mime.charset(type);
    if (charset && !type.startsWith('text/')) charsets[type] = charset;
  }
  return { types, charsets };
}

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
  alias: {
    'node:http': guest('shims/http.js'),
    'node:diagnostics_channel': guest('shims/diagnostics-channel.js'),
    url: guest('shims/url.js'),
    debug: guest('shims/debug.cjs'),
    depd: guest('shims/depd.cjs'),
  },
  inject: [guest('shims/node-globals.js')],
  // A JSON text, parsed on first use: a string literal costs the engine far less than an object literal.
  define: { GUDANG_MIME_TABLE: JSON.stringify(JSON.stringify(mimeTable())) },
};
