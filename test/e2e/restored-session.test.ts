import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../server/gudang.js';
import type { SqliteStore } from '../../server/store/sqlite-store.js';
import { SHOTS, startAppInBrowser } from '../helpers/app-in-browser.js';
import type { launchBrowser } from '../helpers/browser.js';
import { COURSE_LESSONS, startTestGudang, WEB_DIR } from '../helpers/gudang-under-test.js';

/**
 * A learner whose server went away while the page stayed open, with a store on disk: the session
 * opens again from the store with their data, and the page says that the last second may be
 * missing only when a change was still waiting for its write.
 */

const MAY_BE_MISSING = 'the last second of your changes may be missing';
const DATA_RESET = 'the sample data was reset';

let dir: string;
let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

const sendButton = () => page.locator('.request-line button[type="submit"]');
const historyLength = async () => Number(/\((\d+)\)/.exec((await page.locator('.history summary').textContent()) ?? '')?.[1]);

async function send(suggestion: RegExp, status: string) {
  await page.getByRole('button', { name: suggestion }).click();
  const before = await historyLength();
  await sendButton().click();
  await expect.poll(historyLength, { timeout: 15_000 }).toBe(before + 1);
  expect(await page.getByTestId('response-status').textContent()).toContain(status);
}

/** The server again, on the same port, from `file`. */
async function restartFrom(file: string) {
  const port = Number(new URL(gudang.url).port);
  await gudang.close();
  gudang = await startTestGudang({ lessonsDir: COURSE_LESSONS, port, store: { engine: 'sqlite', file } }, WEB_DIR);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gudang-restored-'));
  // A minute between database writes: a second change surely waits.
  ({ gudang, browser, page } = await startAppInBrowser({ store: { engine: 'sqlite', file: join(dir, 'gudang.sqlite') }, imageSaveMs: 60_000 }));
  await page.goto(gudang.url);
  await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('.request-line button[type="submit"]')?.disabled === false, undefined, { timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  await gudang?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a learner whose server went away with the page open', () => {
  it('is told that the last second may be missing when a change was still waiting, not that the data was reset', async () => {
    await send(/Add a product/, '201');
    await send(/Add a product/, '201');
    // What a crash now would leave: the first product written, the second still waiting.
    const crashed = join(dir, 'crashed.sqlite');
    await (gudang.store as SqliteStore).backup(crashed);
    await restartFrom(crashed);

    // The trace stream reconnects to the new server, which reopened the session from the store.
    await expect.poll(() => page.locator('.notice').textContent(), { timeout: 20_000 }).toContain(MAY_BE_MISSING);
    expect(await page.locator('.notice').textContent()).not.toContain(DATA_RESET);
    await page.screenshot({ path: `${SHOTS}/restored-may-be-missing.png` });
    await page.locator('.notice').getByRole('button', { name: 'Dismiss' }).click();

    await send(/List the products/, '200');
    const listed = (await page.getByTestId('response-body').textContent()) ?? '';
    expect(listed.split('Keripik Tempe').length - 1).toBe(1);
  });

  it('after a restart with nothing waiting, finds its work as it was and is told nothing', async () => {
    await send(/Add a product/, '201');
    const file = join(dir, 'crashed.sqlite');
    // A clean stop writes what waits: nothing is lost.
    await restartFrom(file);
    await send(/List the products/, '200');
    const listed = (await page.getByTestId('response-body').textContent()) ?? '';
    expect(listed.split('Keripik Tempe').length - 1).toBe(2);
    // The trace arrives over the reconnected stream, after the page asked the server about the session.
    await expect.poll(() => page.getByTestId('current-trace').textContent(), { timeout: 20_000 }).toContain('GET /api/products → 200');
    await page.evaluate(() => fetch('/api/lessons').then((r) => r.text()));
    expect(await page.locator('.notice').count()).toBe(0);
  });
});
