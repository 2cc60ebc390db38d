import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../server/gudang.js';
import { SHOTS, startAppInBrowser } from '../helpers/app-in-browser.js';
import type { launchBrowser } from '../helpers/browser.js';
import { axeViolations, visibleCode as shownCode } from '../helpers/browser-page.js';
import { COURSE_LESSONS } from '../helpers/gudang-under-test.js';
import { saveByRename } from '../helpers/save-by-rename.js';

/** An instructor editing a lesson with the browser open (GUDANG_WATCH_LESSONS=1), as it looks to them. */

const LESSON = '02-routes-and-logic';
let root: string;
let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

const banner = () => page.getByTestId('lesson-problems');
const visibleCode = () => shownCode(page);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gudang-banner-'));
  await cp(join(COURSE_LESSONS, LESSON), join(root, LESSON), { recursive: true });
  ({ gudang, browser, page } = await startAppInBrowser({ lessonsDir: root, watchLessons: true }));
  await page.goto(gudang.url);
  await page.getByTestId('lesson').locator('h1', { hasText: 'Routes and business logic' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await gudang?.close();
  await rm(root, { recursive: true, force: true });
});

describe('a lesson edited while the browser is open', () => {
  it('shows a broken edit as a banner over the last good version, and takes it away once fixed', async () => {
    const file = join(root, LESSON, 'checks.yaml');
    const original = await readFile(file, 'utf8');
    await saveByRename(file, original.replace('expect: { status: 200, body: { total: 195000 } }', 'expect: { status: OK }'));
    await expect.poll(() => banner().textContent(), { timeout: 15_000 }).toContain(`${LESSON}/checks.yaml:7 — checks.1.steps.1.expect.status — a status code`);
    expect(await banner().textContent()).toContain('Until they are fixed you see its last good version.');
    expect(await page.getByTestId('lesson').locator('h1').textContent()).toBe('Routes and business logic');
    expect(await axeViolations(page, '[data-testid="lesson"]')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/lesson-banner.png` });

    await saveByRename(file, original);
    await expect.poll(() => banner().count(), { timeout: 15_000 }).toBe(0);
  });

  it('tells the open session its starter changed, and takes the new one when asked', async () => {
    const file = join(root, LESSON, 'starter.ts');
    const edited = `// Starter code, edited by the instructor\n${await readFile(file, 'utf8')}`;
    await saveByRename(file, edited);
    const take = page.getByRole('button', { name: 'Take the new starter code' });
    await expect.poll(() => take.count(), { timeout: 15_000 }).toBe(1);
    expect(await axeViolations(page, '[data-testid="lesson"]')).toEqual([]);
    page.once('dialog', (dialog) => void dialog.accept());
    await take.click();
    await expect.poll(visibleCode).toContain('// Starter code, edited by the instructor');
    expect(await take.count()).toBe(0);
  });
});
