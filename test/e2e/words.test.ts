import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../server/gudang.js';
import { headerWords, statusWords } from '../../web/src/i18n/http-words.js';
import { SHOTS, startAppInBrowser } from '../helpers/app-in-browser.js';
import type { launchBrowser } from '../helpers/browser.js';
import { axeViolations } from '../helpers/browser-page.js';

let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await gudang?.close();
});

const response = () => page.getByTestId('response');
const inspector = () => page.getByTestId('inspector');
/** The tooltip shown on the page (hidden ones are not in the accessibility tree). */
const shownTip = () => page.getByRole('tooltip');
const headerName = (name: string) => response().locator('.term__word', { hasText: new RegExp(`^${name}$`) });

describe('HTTP words explained where they appear', () => {
  it('explains the status to a keyboard user who Tabs to it, and hides it on Escape', async () => {
    await page.goto(gudang.url);
    await page.getByRole('button', { name: /List the products/ }).click();
    await page.locator('.request-line button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('response-status').textContent()).toContain('200');
    // From the Send button, Tab on until focus reaches the status, as a learner would.
    const onStatus = () => page.evaluate(() => document.activeElement?.closest('[data-testid="response-status"]') !== null);
    for (let presses = 0; presses < 40 && !(await onStatus()); presses++) await page.keyboard.press('Tab');
    expect(await onStatus()).toBe(true);
    await expect.poll(() => shownTip().textContent()).toBe(statusWords[200]!.en);
    const described = await page.evaluate(() => document.getElementById(document.activeElement!.getAttribute('aria-describedby')!)?.textContent);
    expect(described).toBe(statusWords[200]!.en);
    await page.screenshot({ path: `${SHOTS}/words-status.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => shownTip().count()).toBe(0);
    // Focus stays on the status: the tooltip never takes it.
    expect(await onStatus()).toBe(true);
    // Nor does it hold focus: the next Tab moves on.
    await page.keyboard.press('Tab');
    expect(await onStatus()).toBe(false);
  });

  it('explains a header name on hover in the Headers view, and only known ones', async () => {
    await response()
      .getByRole('tab', { name: /^Headers \(/ })
      .click();
    // A header the table knows is a focusable term; any other is plain text.
    const names = await response()
      .locator('dt')
      .evaluateAll((dts) => dts.map((dt) => ({ name: (dt.querySelector('.term__word') ?? dt).textContent!, term: dt.querySelector('.term__word') !== null })));
    expect(names.length).toBeGreaterThan(2);
    expect(names).toEqual(names.map(({ name }) => ({ name, term: Object.hasOwn(headerWords, name) })));
    // hover() scrolls the word into view, then moves the real mouse over it.
    await headerName('content-type').hover();
    await expect.poll(() => shownTip().textContent()).toBe(headerWords['content-type']!.en);
    expect(await axeViolations(page, '[data-testid="response"]')).toEqual([]);
    // Escape hides a hovered tooltip too, with the mouse still over the word.
    await page.keyboard.press('Escape');
    await expect.poll(() => shownTip().count()).toBe(0);
    await page.mouse.move(0, 0);
  });

  it('speaks Bahasa Indonesia after the switch', async () => {
    await page.getByRole('button', { name: 'Language: Bahasa Indonesia' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('id');
    // hover() scrolls the word into view, then moves the real mouse over it.
    await headerName('content-type').hover();
    await expect.poll(() => shownTip().textContent()).toBe(headerWords['content-type']!.id);
    // The response sits low on the page, so the tooltip shows above the word rather than off the screen.
    const tip = (await shownTip().boundingBox())!;
    expect(tip.y).toBeGreaterThanOrEqual(0);
    expect(tip.y + tip.height).toBeLessThanOrEqual(page.viewportSize()!.height);
    await page.screenshot({ path: `${SHOTS}/words-header-id.png` });
    await page.mouse.move(0, 0);
  });

  it('explains the status and header names in the inspector, axe-clean', async () => {
    await expect.poll(() => inspector().getAttribute('data-kind')).toBe('respond');
    const status = inspector().locator('strong .term__word');
    // hover() scrolls the word into view, then moves the real mouse over it.
    await status.hover();
    await expect.poll(() => shownTip().textContent()).toBe(statusWords[200]!.id);
    expect(await axeViolations(page, '[data-testid="inspector"]')).toEqual([]);
    await page.mouse.move(0, 0);

    // The receive step: the request's header names, explained on focus.
    await page.getByRole('button', { name: 'Langkah pertama' }).click();
    await expect.poll(() => inspector().getAttribute('data-kind')).toBe('receive');
    await page.getByRole('button', { name: 'Langkah pertama' }).focus();
    const onHost = () => page.evaluate(() => document.activeElement?.textContent === 'host' && document.activeElement.closest('[data-testid="inspector"]') !== null);
    for (let presses = 0; presses < 40 && !(await onHost()); presses++) await page.keyboard.press('Tab');
    expect(await onHost()).toBe(true);
    await expect.poll(() => shownTip().textContent()).toBe(headerWords.host!.id);
    expect(await axeViolations(page, '[data-testid="inspector"]')).toEqual([]);
    expect(await axeViolations(page, '[data-testid="response"]')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/words-inspector.png` });
  });
});
