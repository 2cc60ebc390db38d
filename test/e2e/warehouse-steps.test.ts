import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { launchBrowser } from '../helpers/browser.js';
import { openLessonWithSolution, SHOTS, startAppInBrowser } from '../helpers/app-in-browser.js';
import { axeViolations } from '../helpers/browser-page.js';
import type { Gudang } from '../../server/gudang.js';

/** Issue 13, item 1: the database panel follows the stepper through lesson 4's order. */

let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

const sendButton = () => page.locator('.request-line button[type="submit"]');
const focusFlow = () => page.locator('.flow-area .pane-title').click();
const position = () => page.getByTestId('step-position').textContent();
const database = () => page.getByTestId('database');
/** The row of `table` in the panel whose text contains `text`, with its change mark. */
const row = (table: string, text: string) =>
  database()
    .locator('.database__table', { has: page.locator(`h3:text-is("${table}")`) })
    .locator('tbody tr', { hasText: text });
const tableText = (table: string) =>
  database()
    .locator('.database__table', { has: page.locator(`h3:has-text("${table}")`) })
    .textContent();

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
});

afterAll(async () => {
  await browser?.close();
  await gudang?.close();
});

describe('the database at every step, in Chromium', () => {
  it('takes lesson 4’s solution and sends an order', async () => {
    await openLessonWithSolution(page, gudang.url, '04-writing-the-database');
    await page.getByRole('button', { name: 'Order 2 coffees' }).click();
    await sendButton().click();
    await expect.poll(() => page.getByTestId('response-status').textContent(), { timeout: 15_000 }).toContain('201');
    // receive, handler, BEGIN, SELECT, INSERT, UPDATE, COMMIT, respond
    await expect.poll(position).toBe('8 / 8');
  });

  it('shows the tables after each step: the order appears at the INSERT, the stock drops at the UPDATE', async () => {
    await page.getByRole('tab', { name: 'Database' }).click();
    await expect.poll(() => page.getByTestId('database-step').textContent()).toContain('8');
    expect(await row('products', 'Kopi Gayo').textContent()).toContain('10');
    await focusFlow();
    await page.keyboard.press('ArrowLeft'); // COMMIT
    await page.keyboard.press('ArrowLeft'); // UPDATE products
    await expect.poll(position).toBe('6 / 8');
    const coffee = row('products', 'Kopi Gayo');
    await expect.poll(() => coffee.getAttribute('data-change')).toBe('updated');
    expect(await coffee.textContent()).toContain('updated');
    expect(await coffee.locator('td.is-changed').textContent()).toContain('10');
    expect(await tableText('orders')).toContain('170000');
    await page.screenshot({ path: `${SHOTS}/13-database-at-update.png` });

    await page.keyboard.press('ArrowLeft'); // INSERT INTO orders
    await expect.poll(position).toBe('5 / 8');
    await expect.poll(() => coffee.locator('td', { hasText: /^12$/ }).count()).toBe(1);
    expect(await coffee.getAttribute('data-change')).toBeNull();
    const order = row('orders', '170000');
    expect(await order.getAttribute('data-change')).toBe('inserted');
    expect(await order.textContent()).toContain('inserted');

    await page.keyboard.press('ArrowLeft'); // SELECT
    await expect.poll(position).toBe('4 / 8');
    await expect.poll(() => tableText('orders')).not.toContain('170000');
    expect(await tableText('orders')).toContain('0 rows');
    expect(await axeViolations(page, '.column--right')).toEqual([]);
  });

  it('shows the write’s rows before and after in the inspector', async () => {
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight'); // UPDATE products
    await expect.poll(position).toBe('6 / 8');
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const diff = page.getByTestId('row-diff');
    await expect.poll(() => diff.textContent()).toContain('before');
    expect(await diff.locator('tr[data-change="updated"]').count()).toBe(2);
    expect(await diff.locator('td.is-changed').textContent()).toContain('10');
    expect(await diff.textContent()).toContain('12');
    expect(await axeViolations(page, '.column--right')).toEqual([]);
  });

  it('says the tables are as they are now once a later request wrote to them', async () => {
    await page.getByRole('button', { name: 'Order 2 coffees' }).click();
    await sendButton().click();
    await expect.poll(position).toBe('8 / 8');
    await page.getByRole('tab', { name: /Traces/ }).click();
    // Newest first: the first order is the second in the list.
    await page.getByTestId('trace-list').getByRole('button').filter({ hasText: '/api/orders' }).nth(1).click();
    await page.getByRole('tab', { name: 'Database' }).click();
    await expect.poll(() => page.getByTestId('database-now').count()).toBe(1);
    expect(await axeViolations(page, '.column--right')).toEqual([]);
  });

  it('marks the changes in Bahasa Indonesia too, axe-clean', async () => {
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('tab', { name: /^Jejak/ }).click();
    await page.getByTestId('trace-list').getByRole('button').filter({ hasText: '/api/orders' }).first().click();
    await page.getByRole('tab', { name: 'Basis data' }).click();
    await expect.poll(() => page.getByTestId('database-step').textContent()).toContain('Tabel setelah langkah 8');
    await focusFlow();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => row('products', 'Kopi Gayo').textContent()).toContain('diubah');
    expect(await axeViolations(page, '.column--right')).toEqual([]);
  });
});
