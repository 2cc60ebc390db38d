import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { launchBrowser } from '../helpers/browser.js';
import { SHOTS, startAppInBrowser } from '../helpers/app-in-browser.js';
import { axeViolations } from '../helpers/browser-page.js';
import type { Gudang } from '../../server/gudang.js';

/** Issue 13, item 2: two runs side by side — the learner's and the solution's, or two of the learner's. */

let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

const sendButton = () => page.locator('.request-line button[type="submit"]');
const send = async (suggestion: string, status: string) => {
  await page.getByRole('button', { name: suggestion }).click();
  await sendButton().click();
  await expect.poll(() => page.getByTestId('response-status').textContent(), { timeout: 15_000 }).toContain(status);
};
/** The line of the aligned steps whose text has `text`. */
const stepLine = (view: ReturnType<Page['locator']>, text: string) => view.getByTestId('compare-steps').locator('tbody tr', { hasText: text });
const activeText = () => page.evaluate(() => document.activeElement?.textContent ?? '');

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
});

afterAll(async () => {
  await browser?.close();
  await gudang?.close();
});

describe('comparing runs, in Chromium', () => {
  it('sends the starter’s sold-out order, and the solution’s run of it shows the transaction the starter lacks', async () => {
    await page.goto(gudang.url);
    await page.getByTestId('lesson-picker').selectOption('04-writing-the-database');
    await expect.poll(() => sendButton().isEnabled(), { timeout: 15_000 }).toBe(true);
    await send('Order the sold-out sambal', '201');

    await page.getByRole('button', { name: 'Show solution' }).click();
    const dialog = page.getByRole('dialog', { name: 'Solution' });
    await dialog.waitFor();
    // The comparison is the first tab, open at once.
    expect(await dialog.getByRole('tab', { selected: true }).textContent()).toBe('Compare the requests');
    const view = dialog.getByTestId('compare-view');
    await view.waitFor({ timeout: 15_000 });

    const status = view.getByTestId('compare-status');
    expect(await status.getAttribute('data-verdict')).toBe('differs');
    expect(await status.textContent()).toMatch(/201.*409.*≠ differs/);
    // The rollback: a step only the solution reached, said in words and a sign, not only a colour.
    const rollback = stepLine(view, 'ROLLBACK');
    expect(await rollback.getAttribute('data-verdict')).toBe('only-right');
    expect(await rollback.textContent()).toContain('▶ only in Solution');
    expect(await rollback.textContent()).toContain('— not reached');
    expect(await stepLine(view, 'BEGIN').getAttribute('data-verdict')).toBe('only-right');
    const insert = stepLine(view, 'INSERT INTO orders');
    expect(await insert.getAttribute('data-verdict')).toBe('only-left');
    expect(await insert.textContent()).toContain('◀ only in Your code');
    expect(await stepLine(view, 'SELECT id, price, stock').getAttribute('data-verdict')).toBe('same');
    const body = view.getByTestId('compare-body');
    expect(await body.locator('li[data-op="added"]').textContent()).toContain('error');
    expect(await body.locator('li[data-op="removed"]').allTextContents()).toContainEqual(expect.stringContaining('total'));
    await page.screenshot({ path: `${SHOTS}/13-compare-with-solution.png` });
    expect(await axeViolations(page, '.solution-dialog')).toEqual([]);

    // The code diff is the second tab, reached by keyboard.
    await dialog.getByRole('tab', { name: 'Compare the code' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.locator('.diff__line--added').count()).toBeGreaterThan(0);
    expect(await axeViolations(page, '.solution-dialog')).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await activeText()).toBe('Show solution');
  });

  it('compares two of the learner’s orders picked from the traces list, by mouse and by keyboard', async () => {
    await send('Order 2 coffees', '201');
    await page.getByRole('tab', { name: /Traces/ }).click();
    const picked = page.getByTestId('compare-picked');
    expect(await picked.textContent()).toContain('(0/2 ticked)');
    const compare = page.getByTestId('compare-button');
    expect(await compare.isDisabled()).toBe(true);
    // Newest first: the coffee order, then the sambal order.
    const orders = page.getByRole('checkbox', { name: /^Compare: POST \/api\/orders · 201/ });
    await orders.nth(1).click();
    await orders.nth(0).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => picked.textContent()).toContain('(2/2 ticked)');
    expect(await orders.nth(0).isChecked()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/13-compare-pick.png` });
    expect(await axeViolations(page, '.column--right')).toEqual([]);
    await compare.focus();
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: 'Compare two requests' });
    const view = dialog.getByTestId('compare-view');
    await view.waitFor({ timeout: 15_000 });
    // Both answered 201 with the same steps; what differs is the values: the body sent, the parameters, the answer.
    expect(await view.getByTestId('compare-status').getAttribute('data-verdict')).toBe('same');
    expect(await view.getByTestId('compare-steps').locator('tr[data-verdict^="only"]').count()).toBe(0);
    const received = stepLine(view, 'POST /api/orders').first();
    expect(await received.getAttribute('data-verdict')).toBe('differs');
    expect(await received.textContent()).toContain('request');
    const select = stepLine(view, 'SELECT id, price, stock');
    expect(await select.textContent()).toMatch(/parameters: \[4\] → \[1\]/);
    expect(await view.getByTestId('compare-body').locator('li[data-op="changed"]').allTextContents()).toContainEqual(expect.stringMatching(/productId.*4.*→.*1/));
    await page.screenshot({ path: `${SHOTS}/13-compare-two-requests.png` });
    expect(await axeViolations(page, '.compare-dialog')).toEqual([]);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await activeText()).toContain('Compare');
  });

  it('sends one ticked request to the solution from the list: the coffee order, whose stock update the starter lacks', async () => {
    const solutionButton = page.getByTestId('compare-solution-button');
    expect(await solutionButton.isDisabled()).toBe(true);
    // Untick the sambal order; the coffee order stays ticked.
    await page
      .getByRole('checkbox', { name: /^Compare: POST \/api\/orders · 201/ })
      .nth(1)
      .click();
    await expect.poll(() => page.getByTestId('compare-picked').textContent()).toContain('(1/2 ticked)');
    await solutionButton.click();
    const dialog = page.getByRole('dialog', { name: 'Compare with the solution' });
    const view = dialog.getByTestId('compare-view');
    await view.waitFor({ timeout: 15_000 });
    expect(await view.getByTestId('compare-status').textContent()).toMatch(/201.*201.*= same/);
    for (const sql of ['BEGIN', 'UPDATE products', 'COMMIT']) expect(await stepLine(view, sql).getAttribute('data-verdict')).toBe('only-right');
    expect(await stepLine(view, 'UPDATE products').textContent()).toContain('▶ only in Solution');
    expect(await axeViolations(page, '.compare-dialog')).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('says it all in Bahasa Indonesia too, axe-clean', async () => {
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page
      .getByRole('checkbox', { name: /^Bandingkan: POST \/api\/orders · 201/ })
      .nth(1)
      .check();
    await page.getByTestId('compare-button').click();
    const two = page.getByRole('dialog', { name: 'Bandingkan dua permintaan' });
    await two.getByTestId('compare-view').waitFor({ timeout: 15_000 });
    expect(await two.getByTestId('compare-status').textContent()).toContain('= sama');
    expect(await axeViolations(page, '.compare-dialog')).toEqual([]);
    await page.keyboard.press('Escape');
    await two.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Lihat solusi' }).click();
    const dialog = page.getByRole('dialog', { name: 'Solusi' });
    const view = dialog.getByTestId('compare-view');
    await view.waitFor({ timeout: 15_000 });
    expect(await dialog.getByRole('tab', { selected: true }).textContent()).toBe('Bandingkan permintaan');
    // The newest request, the coffee order, which the solution also takes: its stock update is what the starter lacks.
    expect(await stepLine(view, 'UPDATE products').textContent()).toContain('▶ hanya di Solusi');
    expect(await axeViolations(page, '.solution-dialog')).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('left the learner’s data as it was: the solution took 2 coffees off its copy, not off their shelf', async () => {
    await send('Lihat stok', '200');
    const products = JSON.parse((await page.getByTestId('response-body').textContent()) ?? '[]') as { name: string; stock: number }[];
    // The starter never takes stock, so the learner's coffee is where the lesson's data started.
    expect(products.find((p) => /kopi/i.test(p.name))?.stock).toBe(12);
  });
});
