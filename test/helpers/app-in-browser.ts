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

/** Opens the lesson and takes its solution into the editor, saved: its requests then do what the author meant. */
export async function openLessonWithSolution(page: Page, url: string, lessonId: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('lesson-picker').selectOption(lessonId);
  await page.locator('.request-line button[type="submit"]:enabled').waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Show solution' }).click();
  const dialog = page.getByRole('dialog', { name: 'Solution' });
  await dialog.getByRole('button', { name: 'Use the solution' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByTestId('save-state').filter({ hasText: 'Saved' }).waitFor({ timeout: 15_000 });
}
