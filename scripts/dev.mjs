// `npm run dev`: the server rebuilt and restarted on change (esbuild watch + node --watch), with lesson
// files watched (GUDANG_WATCH_LESSONS=1), and Vite's dev server (hot reload) proxying /api and
// /sandbox to it. PORT is the port you open (Vite, default 5173); GUDANG_API_PORT the API server's
// (default 3000).
import { context } from 'esbuild';
import { spawn } from 'node:child_process';
import { serverBuildOptions } from './server-build-options.mjs';

const apiPort = process.env.GUDANG_API_PORT || '3000';
const webPort = process.env.PORT || '5173';
// GUDANG_DEV_OUTDIR (tests only, two folders deep like dist/server): a build elsewhere, so a test of
// this script never rewrites the dist/server that the rest of the suite is running.
const outdir = process.env.GUDANG_DEV_OUTDIR || serverBuildOptions.outdir;
const server = await context({ ...serverBuildOptions, outdir });
await server.rebuild();
await server.watch();

const children = [
  spawn(process.execPath, ['--watch', '--enable-source-maps', `${outdir}/main.js`], { stdio: 'inherit', env: { ...process.env, PORT: apiPort, GUDANG_WATCH_LESSONS: '1' } }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', webPort, '--strictPort'], { stdio: 'inherit', env: { ...process.env, GUDANG_API_PORT: apiPort } }),
];
const stop = () => {
  for (const child of children) child.kill();
  void server.dispose();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
