// How the server and its sandbox worker are bundled, shared by the build and `npm run dev`.
import { buildSync } from 'esbuild';
import { guestBuildOptions, guestLazyLibraries } from './guest-build-options.mjs';

// The guest library, bundled once here and put into the server as text (server/sandbox/guest-library.ts),
// with the libraries the guest compiles on first use.
// `npm run dev` bundles it at start: a change to server/sandbox/guest/ needs a restart.
const guestLibrary = buildSync(guestBuildOptions).outputFiles[0].text;

export const serverBuildOptions = {
  entryPoints: { main: 'server/main.ts', 'sandbox-worker': 'server/worker/sandbox-worker.ts' },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  define: { __GUEST_LIBRARY__: JSON.stringify(guestLibrary), __GUEST_LAZY_LIBRARIES__: JSON.stringify(guestLazyLibraries) },
};
