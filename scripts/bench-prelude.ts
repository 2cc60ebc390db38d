/**
 * `npm run bench:prelude`: what one app costs before any learner code runs, and after a small app
 * answered. Prints the milliseconds SandboxApp.prepare takes (new runtime + the guest prelude),
 * the milliseconds QuickJS takes only to compile the prelude, and the KB of WebAssembly memory a
 * prepared app and a loaded app hold. Writes bench-results/prelude.json.
 *
 * Memory is read from the engine's growth steps: the memory grows only once its first 16 MiB are
 * used up, and then by a fifth at a time, so "growth over N apps" mostly measures where the steps
 * fall. Each time it grows, the room the previous step added has just been used up by the apps
 * made since, which is what this counts.
 */
import { fileURLToPath } from 'node:url';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { GUEST_PRELUDE } from '../server/sandbox/guest-prelude.js';
import { memorySize, newBoundedQuickJS } from '../server/sandbox/quickjs-module.js';
import { SandboxApp } from '../server/sandbox/sandbox-app.js';
import { DEFAULT_LIMITS, type SandboxHost } from '../server/sandbox/sandbox-types.js';
import { median, writeReport } from './lib/processes.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PREPARES = 60;
const COMPILES = 30;
const MEMORY_APPS = 300;
const started = performance.now();

const host: SandboxHost = {
  query: () => ({ columns: [], rows: [], rowsAffected: 0 }),
  hash: (password) => password,
  verify: () => false,
  service: () => ({ ok: false, response: null, latencyMs: 0, error: 'none' }),
};
const CODE = "app.get('/', (req, res) => res.json({ ok: true }));\napp.get('/page', (req, res) => res.send('<p>hi</p>'));";
const limits = { ...DEFAULT_LIMITS, memoryBytes: 1024 * 1024 * 1024 };

function loadedApp(quickjs: QuickJSWASMModule): SandboxApp {
  const { app } = SandboxApp.load(quickjs, CODE, limits, host);
  if (!app) throw new Error('the bench app did not load');
  for (const path of ['/', '/page']) {
    const result = app.handle({ method: 'GET', url: path, path, query: {}, headers: {}, body: undefined }, host, limits);
    if (result.response.status !== 200) throw new Error(`the bench app answered ${path} with ${result.response.status}`);
  }
  return app;
}

async function prepareMs(): Promise<number> {
  const quickjs = await newBoundedQuickJS(1024 * 1024 * 1024);
  for (let i = 0; i < 5; i++) SandboxApp.prepare(quickjs).dispose();
  const ms: number[] = [];
  for (let i = 0; i < PREPARES; i++) {
    const at = performance.now();
    const app = SandboxApp.prepare(quickjs);
    ms.push(performance.now() - at);
    app.dispose();
  }
  return median(ms);
}

async function compileMs(): Promise<number> {
  const quickjs = await newBoundedQuickJS(64 * 1024 * 1024);
  const runtime = quickjs.newRuntime();
  const context = runtime.newContext();
  const ms: number[] = [];
  for (let i = 0; i < COMPILES; i++) {
    const at = performance.now();
    const result = context.evalCode(GUEST_PRELUDE, 'gudang-prelude.js', { compileOnly: true });
    ms.push(performance.now() - at);
    if (result.error) throw new Error(`the prelude did not compile: ${JSON.stringify(context.dump(result.error))}`);
    result.value.dispose();
  }
  context.dispose();
  runtime.dispose();
  return median(ms);
}

/** KB per app from the growth steps between the first after MEMORY_APPS/10 apps and the first after MEMORY_APPS. */
async function kbPerApp(make: (quickjs: QuickJSWASMModule) => SandboxApp): Promise<number> {
  const quickjs = await newBoundedQuickJS(1024 * 1024 * 1024);
  const apps: SandboxApp[] = [];
  const steps: { apps: number; added: number }[] = [];
  let size = memorySize(quickjs);
  while (apps.length < MEMORY_APPS || steps.at(-1)!.apps < MEMORY_APPS) {
    apps.push(make(quickjs));
    const now = memorySize(quickjs);
    if (now !== size) {
      steps.push({ apps: apps.length, added: now - size });
      size = now;
    }
  }
  for (const app of apps) app.dispose();
  const counted = steps.filter((step) => step.apps >= MEMORY_APPS / 10);
  const room = counted.slice(0, -1).reduce((sum, step) => sum + step.added, 0);
  return Math.round(room / (counted.at(-1)!.apps - counted[0]!.apps) / 1024);
}

const report = {
  preludeKB: Math.round(GUEST_PRELUDE.length / 1024),
  prepareMs: Number((await prepareMs()).toFixed(2)),
  compileOnlyMs: Number((await compileMs()).toFixed(2)),
  preparedAppKB: await kbPerApp((quickjs) => SandboxApp.prepare(quickjs)),
  loadedAppKB: await kbPerApp(loadedApp),
  totalSeconds: 0,
};
report.totalSeconds = Math.round((performance.now() - started) / 1000);
console.log(
  `prelude ${report.preludeKB} KB: prepare ${report.prepareMs} ms (median of ${PREPARES}), compile only ${report.compileOnlyMs} ms; ` +
    `${report.preparedAppKB} KB per prepared app, ${report.loadedAppKB} KB per app loaded with two routes after a JSON and an HTML answer`,
);
writeReport(ROOT, 'prelude', report);
