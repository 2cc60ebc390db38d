/**
 * `npm run bench:stepping` (and the end of `npm run bench`): how long one step of a long trace takes
 * in Debian's Chromium, from the key press to the inspector, the flow and the editor's line having
 * followed (the app's own `gudang:step` performance measure). Target: ≤ 16 ms per step, one frame.
 * A measurement, not a test: the e2e suite checks that stepping works, this prints how fast.
 *
 *   npm run build && npm run bench:stepping
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../server/config.js';
import { startGudang } from '../server/gudang.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { requestJson } from './lib/http.js';
import { median, percentile } from './lib/processes.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TARGET_MS = 16;
const QUERIES = 190;
const LESSON_ID = '01-first-request';

const gudang = await startGudang(
  { ...configFromEnv({}, `${ROOT}lessons`), port: 0, workers: 2, store: { engine: 'sqlite', file: ':memory:' } },
  { workerUrl: new URL('../dist/server/sandbox-worker.js', import.meta.url), webDir: `${ROOT}dist/web` },
);
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(gudang.url);
  await page.locator('.request-line button[type="submit"]:not([disabled])').waitFor();
  // The page's own session: the route that makes a long trace goes into it, and the trace of its
  // request arrives on the page as it would from curl.
  const sessionId = await page.evaluate((lesson) => {
    const entry = Object.entries(localStorage).find(([key]) => key.endsWith(`progress:${lesson}`));
    return entry ? (JSON.parse(entry[1]) as { sessionId?: string }).sessionId : undefined;
  }, LESSON_ID);
  if (!sessionId) throw new Error('the page made no session');
  const { json: session } = await requestJson(gudang.url, 'GET', `/api/sessions/${sessionId}`);
  const route = `\napp.get('/api/many', (req, res) => { for (let i = 0; i < ${QUERIES}; i++) db.query('SELECT name FROM products WHERE id = ?', [i % 4 + 1]); res.json({ done: true }); });`;
  const saved = await requestJson(gudang.url, 'PUT', `/api/sessions/${sessionId}/code`, { code: session.code + route });
  if (saved.status !== 200) throw new Error(`code refused: ${saved.text}`);
  await requestJson(gudang.url, 'GET', `/sandbox/${sessionId}/api/many`);
  await page.getByTestId('current-trace').filter({ hasText: 'GET /api/many' }).waitFor();

  const total = Number((await page.getByTestId('step-position').textContent())!.split('/')[1]);
  await page.locator('.flow-area .pane-title').click();
  await page.keyboard.press('Home');
  await page.evaluate(() => performance.clearMeasures('gudang:step'));
  for (let i = 1; i < total; i++) await page.keyboard.press('ArrowRight');
  await page
    .getByTestId('step-position')
    .filter({ hasText: `${total} / ${total}` })
    .waitFor();
  const durations = await page.evaluate(() => performance.getEntriesByName('gudang:step', 'measure').map((m) => m.duration));

  const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
  const middle = median(durations);
  console.log(`Gudang stepping: ${cpus().length} cores (${cpus()[0]?.model}), load average ${loadavg()[0]!.toFixed(2)}; Debian's Chromium, 1280×720`);
  console.log(
    `${durations.length} steps of a ${total}-step trace: mean ${mean.toFixed(2)} ms, median ${middle.toFixed(2)} ms, p95 ${percentile(durations, 95).toFixed(2)} ms, max ${Math.max(...durations).toFixed(2)} ms`,
  );
  console.log(`${mean <= TARGET_MS && middle <= TARGET_MS ? 'PASS' : 'MISS'}  a step ≤ ${TARGET_MS} ms (mean and median)`);
} finally {
  await browser.close();
  await gudang.close();
}
