// Bundles the server and its sandbox worker into dist/server; node_modules stay external.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'server/main.ts', 'sandbox-worker': 'server/worker/sandbox-worker.ts' },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
