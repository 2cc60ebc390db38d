import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../server/gudang.js';
import { SHOTS, startAppInBrowser } from '../helpers/app-in-browser.js';
import type { launchBrowser } from '../helpers/browser.js';
import { axeViolations } from '../helpers/browser-page.js';

/**
 * Predict, then watch (#12), in lesson 6 whose lesson file asks for predict mode: the question
 * before a request, the mismatch marked on the step where the trace parted from the answer, the
 * summary, Escape to skip, the mode switched off and remembered, and each step narrated — by clicks and key presses.
 */

let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

const sendButton = () => page.locator('.request-line button[type="submit"]');
const dialog = () => page.getByTestId('predict-dialog');
const historyLength = async () => Number(/\((\d+)\)/.exec((await page.locator('.history summary').textContent()) ?? '')?.[1]);
const focusedInDialog = () => page.evaluate(() => document.activeElement?.closest('[data-testid="predict-dialog"]') !== null);

async function noAxeViolations(selector: string, what: string) {
  const problems = await axeViolations(page, selector);
  expect(problems, `${what}:\n${problems.join('\n')}`).toEqual([]);
}

/** Clicks Send and waits for the question; the request has not gone yet. */
async function sendAndAsk(): Promise<number> {
  const before = await historyLength();
  await sendButton().click();
  await dialog().waitFor();
  expect(await historyLength()).toBe(before);
  return before;
}

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
});

afterAll(async () => {
  await browser?.close();
  await gudang?.close();
});

describe('predict mode in lesson 6', () => {
  it('opens lesson 6 and uses its solution, by its buttons (its requireUser answers 401 without a token)', async () => {
    await page.goto(gudang.url);
    await page.getByTestId('lesson-picker').selectOption('06-authentication');
    await expect.poll(() => page.getByTestId('lesson').locator('h1').textContent()).toBe('Authentication — who is asking?');
    await expect.poll(() => sendButton().isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Show solution' }).click();
    await page.getByRole('dialog', { name: 'Solution' }).getByRole('button', { name: 'Use the solution' }).click();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');
  });

  it('is on because the lesson asks, and asks before the request goes: a labelled, axe-clean dialog holding focus', async () => {
    expect(await page.getByLabel('Predict first').isChecked()).toBe(true);
    await page.getByRole('button', { name: /My account without a token/ }).click();
    await sendAndAsk();
    expect(await page.getByRole('dialog', { name: 'What will happen?' }).isVisible()).toBe(true);
    expect(await dialog().textContent()).toContain('GET /api/me');
    expect(await focusedInDialog()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/predict-dialog.png` });
    await noAxeViolations('[data-testid="predict-dialog"]', 'prediction dialog');
  });

  it('predicts 200 reaching the handler, watches a 401 from the middleware, and sees where and how it was wrong', async () => {
    const before = await historyLength();
    // By keyboard: focus starts on the first code (200); Space picks it.
    await page.keyboard.press('Space');
    expect(await dialog().getByRole('radio', { name: '200' }).isChecked()).toBe(true);
    await dialog().getByRole('checkbox', { name: 'Route handler' }).click();
    await dialog().getByRole('button', { name: 'Watch' }).click();
    await dialog().waitFor({ state: 'detached' });
    // Focus is back on Send, and now the request went.
    expect(await page.evaluate(() => document.activeElement?.matches('.request-line button[type="submit"]'))).toBe(true);
    await expect.poll(historyLength, { timeout: 15_000 }).toBe(before + 1);
    expect(await page.getByTestId('response-status').textContent()).toContain('401');
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toContain('GET /api/me → 401');

    // The flow plays from the first step; stepping by hand stops it.
    await page.locator('.flow-area .pane-title').click();
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByTestId('step-position').textContent()).toMatch(/^1 \//);
    expect(await page.getByTestId('prediction-summary').count()).toBe(0);
    const middleware = page.locator('.timeline__item--middleware');
    expect(await middleware.getByTestId('predicted-mark').count()).toBe(1);
    while (!(await middleware.getAttribute('aria-current'))) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('prediction-mark').textContent()).toContain('You said the route handler would run; the middleware requireUser stopped it with 401.');

    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('prediction-mark').textContent()).toContain('You said 200; the response was 401.');
    const summary = page.getByTestId('prediction-summary');
    await expect.poll(() => summary.textContent()).toContain('Status ✗ wrong: 200, it was 401');
    expect(await summary.textContent()).toContain('Stages ✗ wrong about: Route handler');
    await page.screenshot({ path: `${SHOTS}/predict-summary.png` });
    await noAxeViolations('.flow-area', 'flow with the prediction marked');
  });

  it('asks "what comes next?" while stepping with →, by keyboard only: a wrong number shows the right box, → again skips, a right number moves on', async () => {
    const question = page.getByTestId('next-node-question');
    const said = page.getByTestId('next-node-said');
    expect(await said.getAttribute('aria-live')).toBe('polite');
    await page.locator('.flow-area .pane-title').click();
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByTestId('step-position').textContent()).toMatch(/^1 \//);
    // → asks instead of moving; every box the request can go to shows its number.
    await page.keyboard.press('ArrowRight');
    await question.waitFor();
    expect(await page.getByTestId('step-position').textContent()).toMatch(/^1 \//);
    expect(await said.textContent()).toBe('What comes next? Pick the box the request goes to: click it or press its number. → or Esc skips.');
    const numbered = await page.locator('.flow-node__number').count();
    expect(numbered).toBe((await question.getByRole('button').count()) - 1); // each box has its button, and Skip
    await noAxeViolations('.flow-area', 'the next-box question');
    await page.screenshot({ path: `${SHOTS}/predict-next-node.png` });

    // The request goes to the middleware; the route handler is wrong.
    const keyOf = async (name: RegExp) => (await question.getByRole('button', { name }).locator('kbd').textContent())!;
    const handlerKey = await keyOf(/Route handler/);
    const middlewareKey = await keyOf(/Middleware requireUser/);
    await page.keyboard.press(handlerKey);
    await expect.poll(() => said.textContent()).toBe('✗ Not quite: you picked Route handler; it goes to Middleware requireUser.');
    expect(await question.count()).toBe(0);
    await expect.poll(() => page.getByTestId('step-position').textContent()).toMatch(/^2 \//);
    expect(await page.locator('.flow-node--pick-wrong').textContent()).toContain('Route handler');
    expect(await page.locator('.flow-node--pick-wrong').getAttribute('class')).toContain('flow-node--shake');
    expect(await page.locator('.flow-node--pick-answer').textContent()).toContain('✓ it went here');
    expect(await page.locator('.flow-node--pick-answer').textContent()).toContain('requireUser');

    // → asks again; → once more skips, and says where it went.
    await page.keyboard.press('ArrowRight');
    await question.waitFor();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => said.textContent()).toMatch(/^Skipped: it goes to Response\.$/);
    await expect.poll(() => page.getByTestId('step-position').textContent()).toMatch(/^3 \//);

    // Escape skips too; a right number says so.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await question.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => said.textContent()).toBe('Skipped: it goes to Middleware requireUser.');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await question.waitFor();
    await page.keyboard.press(middlewareKey);
    await expect.poll(() => said.textContent()).toBe('✓ Right: it goes to Middleware requireUser.');
    expect(await page.locator('.flow-node--pick-wrong').count()).toBe(0);

    // The lesson list counts the answers: the dialog's two wrong ones, then one wrong pick and one right (skips do not count).
    expect(await page.getByTestId('lesson-picker').locator('option:checked').textContent()).toBe('6. Authentication — who is asking? · 1/4 predictions right');
  });

  it('does not shake a wrong pick when the system asks for less motion', async () => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('next-node-question').waitFor();
    const handler = page.getByTestId('next-node-question').getByRole('button', { name: /Route handler/ });
    await handler.click(); // a click answers as well as a number key
    await expect.poll(() => page.locator('.flow-node--pick-wrong').count()).toBe(1);
    expect(await page.locator('.flow-node--pick-wrong').getAttribute('class')).not.toContain('flow-node--shake');
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await expect.poll(() => page.getByTestId('lesson-picker').locator('option:checked').textContent()).toContain('· 1/5 predictions right');
  });

  it('skips the question with Escape: the request goes without a prediction', async () => {
    const before = await sendAndAsk();
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.matches('.request-line button[type="submit"]'))).toBe(true);
    await expect.poll(historyLength, { timeout: 15_000 }).toBe(before + 1);
    await expect.poll(() => page.getByTestId('prediction-summary').count()).toBe(0);
    expect(await page.getByTestId('predicted-mark').count()).toBe(0);
  });

  it("asks what the lesson's prompt asks (the rows too), and explains each answer afterwards", async () => {
    await page.getByRole('button', { name: /My orders as Ani/ }).click();
    const before = await sendAndAsk();
    expect(await dialog().getByRole('radio').count()).toBe(5); // the lesson's four codes and "Another code"
    await dialog().getByRole('radio', { name: '200' }).click();
    await dialog().getByRole('checkbox', { name: 'Route handler' }).click();
    await dialog().getByRole('checkbox', { name: 'Database' }).click();
    await dialog().getByRole('textbox', { name: 'How many rows will the last query return?' }).click();
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(historyLength, { timeout: 15_000 }).toBe(before + 1);
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toContain('GET /api/orders → 200');

    await page.locator('.timeline__item--query button').last().click();
    await expect.poll(() => page.getByTestId('prediction-mark').textContent()).toBe('≠ You said the last query would return 3 rows; it returned 2.');
    await page.keyboard.press('End');
    const summary = page.getByTestId('prediction-summary');
    await expect.poll(() => summary.textContent()).toContain("Status ✓ right (200) — the token is Ani's");
    expect(await summary.textContent()).toContain('Stages ✓ right — the middleware asks the database whose token it is');
    expect(await summary.textContent()).toContain('Rows ✗ wrong: 3, it was 2 — Ani has two orders');
    await noAxeViolations('.flow-area', 'flow with a rows prediction');
    // The README's picture: a prediction checked, right and wrong, with the lesson's reasons.
    await page.screenshot({ path: 'docs/screenshot.png' });
  });

  it('asks in Bahasa Indonesia, still axe-clean, and Escape skips there too', async () => {
    await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    await expect.poll(() => sendButton().textContent()).toBe('Kirim');
    await sendAndAsk();
    expect(await page.getByRole('dialog', { name: 'Apa yang akan terjadi?' }).isVisible()).toBe(true);
    expect(await dialog().getByRole('checkbox', { name: 'Handler rute' }).isVisible()).toBe(true);
    await noAxeViolations('[data-testid="predict-dialog"]', 'prediction dialog in Indonesian');
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => sendButton().textContent()).toBe('Send');
  });

  it('switches the mode off, and it stays off after a reload', async () => {
    await page.getByLabel('Predict first').uncheck();
    const before = await historyLength();
    const tracesTab = page.getByRole('tab', { name: /^Traces/ });
    const traces = await tracesTab.textContent();
    await sendButton().click();
    await expect.poll(historyLength, { timeout: 15_000 }).toBe(before + 1);
    expect(await dialog().count()).toBe(0);
    // With the mode off, → just steps (once the new trace is open).
    await expect.poll(() => tracesTab.textContent()).not.toBe(traces);
    await page.locator('.flow-area .pane-title').click();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('step-position').textContent()).toMatch(/^2 \//);
    expect(await page.getByTestId('next-node-question').count()).toBe(0);
    await page.reload();
    await expect.poll(() => sendButton().isEnabled()).toBe(true);
    expect(await page.getByLabel('Predict first').isChecked()).toBe(false);
    // The count is kept too: the rows prompt added two right of three.
    expect(await page.getByTestId('lesson-picker').locator('option:checked').textContent()).toBe('6. Authentication — who is asking? · 3/8 predictions right');
  });

  it('narrates each step in one sentence, in a polite live region, in English and in Bahasa Indonesia', async () => {
    const narration = page.getByTestId('narration');
    expect(await narration.getAttribute('aria-live')).toBe('polite');
    await page.getByRole('button', { name: /My account without a token/ }).click();
    const before = await historyLength();
    await sendButton().click();
    await expect.poll(historyLength, { timeout: 15_000 }).toBe(before + 1);
    await expect.poll(() => narration.textContent()).toMatch(/^Your app answered 401 with \d+ bytes of application\/json\.$/);
    await page.locator('.flow-area .pane-title').click();
    await page.keyboard.press('Home');
    await expect.poll(() => narration.textContent()).toBe('Express received GET /api/me, without a body.');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => narration.textContent()).toBe('The middleware requireUser answered 401 — the route handler never ran.');

    await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    await expect.poll(() => narration.textContent()).toBe('Middleware requireUser menjawab 401 — route handler tidak pernah berjalan.');
    await page.locator('.flow-area .pane-title').click();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => narration.textContent()).toBe('Express menerima GET /api/me, tanpa body.');
    await page.keyboard.press('End');
    await expect.poll(() => narration.textContent()).toMatch(/^Aplikasimu menjawab 401 dengan \d+ byte application\/json\.$/);
    await page.getByRole('button', { name: /English/ }).click();
  });

  it('forgets the predictions when the lesson is reset', async () => {
    page.once('dialog', (confirm) => void confirm.accept());
    await page.getByRole('button', { name: 'Reset lesson' }).click();
    await expect.poll(() => page.getByTestId('lesson-picker').locator('option:checked').textContent()).toBe('6. Authentication — who is asking?');
    await noAxeViolations('.app-header', 'the lesson list');
  });
});
