/**
 * `npm run lighthouse`: Lighthouse 12's performance category (default mobile preset: simulated slow
 * 4G and a 4× slower CPU) on a lesson page of the built app, in Debian's Chromium. It prints the
 * score and the metrics against issue #14's targets; it is a measurement, not a timed test.
 *
 *   npm run build && npm run lighthouse            # one run
 *   npm run lighthouse -- --runs 3                 # the median of three
 *
 * Lighthouse 13 needs Node 22; 12 runs on Node 20. The server runs in its own process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { freePort, median, SERVER_ENV, stopChild, waitForUrl } from './lib/processes.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RUNS = Number(parseArgs({ options: { runs: { type: 'string', default: '1' } } }).values.runs);

/** What #14 asks for, and how each figure is read from the report. */
const TARGETS = [
  { label: 'performance score', audit: null, target: 90, unit: '', higherIsBetter: true },
  { label: 'First Contentful Paint', audit: 'first-contentful-paint', target: 1800, unit: 'ms', higherIsBetter: false },
  { label: 'Largest Contentful Paint', audit: 'largest-contentful-paint', target: 2500, unit: 'ms', higherIsBetter: false },
  { label: 'Total Blocking Time', audit: 'total-blocking-time', target: 200, unit: 'ms', higherIsBetter: false },
  { label: 'Cumulative Layout Shift', audit: 'cumulative-layout-shift', target: 0.1, unit: '', higherIsBetter: false },
  { label: 'Speed Index', audit: 'speed-index', target: 3400, unit: 'ms', higherIsBetter: false },
  { label: 'transferred in all', audit: 'total-byte-weight', target: null, unit: 'KB', higherIsBetter: false },
] as const;

if (!existsSync(`${ROOT}dist/web/index.html`) || !existsSync(`${ROOT}dist/server/main.js`)) {
  console.error('Build first: npm run build');
  process.exit(1);
}

const port = await freePort();
const url = `http://127.0.0.1:${port}/`;
const server = spawn(process.execPath, [`${ROOT}dist/server/main.js`], {
  env: { ...process.env, ...SERVER_ENV, PORT: String(port), HOST: '127.0.0.1', GUDANG_DATA_DIR: `${ROOT}bench-results/lighthouse-data` },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  await waitForUrl(`${url}healthz`);
  const runs: Record<string, number>[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    if (!result) throw new Error('Lighthouse gave no result');
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
    const figures: Record<string, number> = {};
    for (const t of TARGETS) {
      const value = t.audit === null ? (lhr.categories.performance?.score ?? 0) * 100 : (lhr.audits[t.audit]?.numericValue ?? NaN);
      figures[t.label] = t.unit === 'KB' ? value / 1024 : value;
    }
    runs.push(figures);
    console.log(`run ${run}: score ${figures['performance score']!.toFixed(0)}, TBT ${Math.round(figures['Total Blocking Time']!)} ms`);
    mkdirSync(`${ROOT}bench-results`, { recursive: true });
    writeFileSync(`${ROOT}bench-results/lighthouse.json`, JSON.stringify(lhr, null, 1));
  }
  console.log(`\nLighthouse ${RUNS > 1 ? `median of ${RUNS} runs` : 'one run'}, mobile preset, ${url} (lesson 1)`);
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, shared; Node ${process.version}; ${CHROMIUM}`);
  for (const t of TARGETS) {
    const value = median(runs.map((r) => r[t.label]!));
    const shown = t.unit === 'ms' ? `${Math.round(value)} ms` : t.unit === 'KB' ? `${value.toFixed(0)} KB` : t.label.includes('Shift') ? value.toFixed(3) : value.toFixed(0);
    const verdict = t.target === null ? '' : (t.higherIsBetter ? value >= t.target : value <= t.target) ? 'met' : 'NOT met';
    const target = t.target === null ? '' : `target ${t.higherIsBetter ? '≥' : '≤'} ${t.target}${t.unit ? ` ${t.unit}` : ''}`;
    console.log(`  ${t.label.padEnd(26)} ${shown.padStart(9)}   ${target.padEnd(18)} ${verdict}`);
  }
  console.log('Full report: bench-results/lighthouse.json');
} finally {
  await chrome.kill();
  await stopChild(server);
}
