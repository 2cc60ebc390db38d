import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchContexts, type launchBrowser } from '../helpers/browser.js';
import { openLessonWithSolution, SHOTS, startAppInBrowser } from '../helpers/app-in-browser.js';
import { axeViolations } from '../helpers/browser-page.js';
import type { Gudang } from '../../server/gudang.js';

/** Issue 13, items 3 and 5: find a trace and a step by typing; share one trace, read-only, in a fresh browser. */

let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let fresh: Awaited<ReturnType<typeof launchContexts>>;
let shared: Page;
let link: string;

const sendButton = () => page.locator('.request-line button[type="submit"]');
const traceButtons = () => page.getByTestId('trace-list').getByRole('button');
const listSearch = () => page.getByRole('search', { name: 'Search traces' });
const sendSuggested = async (label: string, status: string) => {
  await page.getByRole('button', { name: label }).click();
  await sendButton().click();
  await expect.poll(() => page.getByTestId('response-status').textContent(), { timeout: 15_000 }).toContain(status);
};
/** Selects what the field holds and types over it, key by key. */
const typeInto = async (field: ReturnType<Page['getByRole']>, text: string) => {
  await field.click();
  await field.press('Control+a');
  await field.press('Backspace');
  await field.pressSequentially(text);
};

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
  fresh = await launchContexts(1);
});

afterAll(async () => {
  await fresh?.close();
  await browser?.close();
  await gudang?.close();
});

describe('finding traces and steps, and sharing a trace, in Chromium', () => {
  it('sends lesson 4’s requests with the solution: the stock, a refused order, an order that writes', async () => {
    await openLessonWithSolution(page, gudang.url, '04-writing-the-database');
    await sendSuggested('See the stock', '200');
    await sendSuggested('Order the sold-out sambal', '409');
    await sendSuggested('Order 2 coffees', '201');
    await expect.poll(() => page.getByTestId('step-position').textContent()).toBe('8 / 8');
  });

  it('searches the trace list by SQL text and by status, typed', async () => {
    await page.getByRole('tab', { name: /Traces/ }).click();
    const all = await traceButtons().count();
    expect(all).toBeGreaterThanOrEqual(3);
    await listSearch().getByRole('combobox', { name: 'Search in' }).selectOption({ label: 'SQL text' });
    await typeInto(listSearch().getByRole('searchbox', { name: 'Search traces' }), 'insert into orders');
    await expect.poll(() => page.getByTestId('trace-search-count').textContent()).toBe('1 matching traces');
    expect(await traceButtons().allTextContents()).toEqual([expect.stringMatching(/POST\/api\/orders201/)]);

    await listSearch().getByRole('combobox', { name: 'Search in' }).selectOption({ label: 'Status' });
    await typeInto(listSearch().getByRole('searchbox', { name: 'Search traces' }), '4xx');
    await expect.poll(() => traceButtons().allTextContents()).toEqual([expect.stringMatching(/POST\/api\/orders409/)]);
    await typeInto(listSearch().getByRole('searchbox', { name: 'Search traces' }), '5xx');
    await expect.poll(() => page.getByText('No kept trace matches this search.').count()).toBe(1);
    expect(await axeViolations(page, '.column--right')).toEqual([]);

    // The order that wrote, opened from the search, with the search finding its respond step.
    await typeInto(listSearch().getByRole('searchbox', { name: 'Search traces' }), '201');
    await expect.poll(() => traceButtons().count()).toBe(1);
    await traceButtons().first().click();
    await expect.poll(() => page.getByTestId('step-find-count').textContent()).toBe('1 / 1 matching steps');
  });

  it('finds steps in the open trace: Enter goes from match to match', async () => {
    const find = page.getByRole('search', { name: 'Find a step' });
    await find.getByRole('combobox', { name: 'Search in' }).selectOption({ label: 'SQL text' });
    await typeInto(find.getByRole('searchbox', { name: 'Find a step' }), 'products');
    // SELECT … FROM products and UPDATE products: two of the eight steps, marked in the timeline.
    await expect.poll(() => page.getByTestId('step-find-count').textContent()).toBe('– / 2 matching steps');
    expect(await page.getByTestId('found-mark').count()).toBe(2);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('step-position').textContent()).toBe('4 / 8');
    expect(await page.getByTestId('step-find-count').textContent()).toBe('1 / 2 matching steps');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('step-position').textContent()).toBe('6 / 8');
    await page.screenshot({ path: `${SHOTS}/13-find-a-step.png` });
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => page.getByTestId('step-position').textContent()).toBe('4 / 8');
    expect(await axeViolations(page, '.column--right')).toEqual([]);
  });

  it('copies a read-only link to the trace, and shows it to copy by hand where the clipboard is not available', async () => {
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.getByTestId('copy-link-status').textContent()).toBe('Link copied');
    link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`^${gudang.url}/share/[A-Za-z0-9_-]{22}$`));
    const sessionId = await page.evaluate(() => Object.values(localStorage).join(' '));
    expect(sessionId.length).toBeGreaterThan(0);
    expect(sessionId).not.toContain(link.split('/share/')[1]);

    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
    await page.getByRole('button', { name: 'Copy link' }).click();
    const field = page.getByRole('textbox', { name: 'Read-only link to this trace' });
    await expect.poll(() => field.inputValue()).toBe(link);
    expect(await page.getByTestId('copy-link-status').textContent()).toContain('select the link');
    expect(await field.evaluate((input: HTMLInputElement) => input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0))).toBe(link);
    expect(await page.getByRole('link', { name: 'Download OTLP JSON' }).getAttribute('href')).toMatch(/^\/api\/sessions\/[A-Za-z0-9_-]{22}\/traces\/[^/]+\.otlp\.json$/);
  });

  it('opens the link in a fresh browser context: steps with the keyboard, the database at each step, axe-clean', async () => {
    shared = await fresh.contexts[0]!.newPage();
    const answer = await shared.goto(link);
    expect(answer?.status()).toBe(200);
    await shared.getByTestId('shared-trace').waitFor();
    expect(await shared.locator('h1').textContent()).toContain('POST /api/orders → 201');
    expect(await shared.getByTestId('step-position').textContent()).toBe('8 / 8');
    // Nothing to write with: no code, no request panel, no reset or refresh.
    expect(await shared.locator('.monaco-editor, .request-panel').count()).toBe(0);
    expect(await shared.getByRole('button', { name: /Reset|Refresh|Check/ }).count()).toBe(0);

    await shared.getByRole('tab', { name: 'Database' }).click();
    await expect.poll(() => shared.getByTestId('database-step').textContent()).toContain('8');
    await shared.locator('.flow-area .pane-title').click();
    await shared.keyboard.press('ArrowLeft'); // COMMIT
    await shared.keyboard.press('ArrowLeft'); // UPDATE products
    await expect.poll(() => shared.getByTestId('step-position').textContent()).toBe('6 / 8');
    const coffee = shared.getByTestId('database').locator('tbody tr', { hasText: 'Kopi Gayo' });
    await expect.poll(() => coffee.getAttribute('data-change')).toBe('updated');
    await shared.keyboard.press('ArrowLeft'); // INSERT INTO orders
    await expect.poll(() => shared.getByTestId('step-position').textContent()).toBe('5 / 8');
    const order = shared.getByTestId('database').locator('tbody tr', { hasText: '170000' });
    expect(await order.getAttribute('data-change')).toBe('inserted');
    await shared.keyboard.press('ArrowLeft'); // SELECT: the order is not there yet
    await expect.poll(() => order.count()).toBe(0);
    await shared.screenshot({ path: `${SHOTS}/13-shared-trace.png` });
    expect(await axeViolations(shared, '.shared-page')).toEqual([]);

    const otlp = await shared.getByRole('link', { name: 'Download OTLP JSON' }).getAttribute('href');
    const download = await shared.request.get(new URL(otlp!, link).href);
    expect(download.status()).toBe(200);
    expect((await download.json()).resourceSpans[0].scopeSpans[0].spans.length).toBe(9);
  });

  it('reads in Bahasa Indonesia too, axe-clean, and finds steps there', async () => {
    await shared.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    await expect.poll(() => shared.locator('h1').textContent()).toContain('Jejak yang dibagikan');
    // The find row opens from its button, so the diagram keeps its height until it is wanted.
    await shared.getByRole('button', { name: /Cari langkah/ }).click();
    const find = shared.getByRole('search', { name: 'Cari langkah' });
    await typeInto(find.getByRole('searchbox', { name: 'Cari langkah' }), 'orders');
    await shared.keyboard.press('Enter');
    await expect.poll(() => shared.getByTestId('step-position').textContent()).not.toBe('4 / 8');
    expect(await shared.getByTestId('step-find-count').textContent()).toMatch(/langkah cocok$/);
    expect(await shared.getByRole('link', { name: 'Unduh JSON OTLP' }).count()).toBe(1);
    expect(await axeViolations(shared, '.shared-page')).toEqual([]);
  });

  it('fits a phone’s screen: the flow above the details, the stepper still reachable', async () => {
    await shared.setViewportSize({ width: 390, height: 844 });
    await shared.getByRole('button', { name: 'Langkah berikutnya' }).scrollIntoViewIfNeeded();
    expect(await shared.getByRole('button', { name: 'Langkah berikutnya' }).isVisible()).toBe(true);
    await shared.screenshot({ path: `${SHOTS}/13-shared-trace-phone.png` });
    expect(await axeViolations(shared, '.shared-page')).toEqual([]);
  });

  it('answers a clear 410 page once the session has ended', async () => {
    await page.close();
    // The closed page's event stream may take a moment to end: until then its session is in use.
    const api = link.replace('/share/', '/api/shares/');
    const status = async () => {
      gudang.sessions.expireIdle(Date.now() + 31 * 60_000);
      return (await shared.request.get(api)).status();
    };
    await expect.poll(status, { timeout: 10_000 }).toBe(410);
    const answer = await shared.goto(link);
    expect(answer?.status()).toBe(410);
    expect(await shared.locator('h1').first().textContent()).toBe('This shared trace has expired');
    expect(await axeViolations(shared, 'body')).toEqual([]);
  });
});
