import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { GudangConfig } from '../../server/config.js';
import type { Gudang } from '../../server/gudang.js';
import { launchBrowser } from './browser.js';
import { COURSE_LESSONS, startTestGudang, WEB_DIR } from './gudang-under-test.js';

/** Where the e2e runs save their screenshots (ignored by git). */
export const SHOTS = 'test-results/e2e';

/** The real server with the course (or `overrides`) and the built UI, and one Chromium page that may use the clipboard. */
export async function startAppInBrowser(overrides: Partial<GudangConfig> = {}): Promise<{ gudang: Gudang; browser: Awaited<ReturnType<typeof launchBrowser>>; page: Page }> {
  mkdirSync(SHOTS, { recursive: true });
  const gudang = await startTestGudang({ lessonsDir: COURSE_LESSONS, ...overrides }, WEB_DIR);
  const browser = await launchBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gudang.url });
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return { gudang, browser, page };
}
