// How the server and its sandbox worker are bundled, shared by the build and `npm run dev`.
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
};
