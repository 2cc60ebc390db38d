import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../server/gudang.js';
import { SHOTS, startAppInBrowser } from '../helpers/app-in-browser.js';
import type { launchBrowser } from '../helpers/browser.js';
import { axeViolations, focusEditor, openEditor } from '../helpers/browser-page.js';

/**
 * Issue 9, items 7 and 8: what the learner reads is in their language, and the smaller things a
 * student met, in real Chromium at 1280×720 (the helper's default viewport) with real clicks and keys.
 */

let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

/** Patience for what a busy machine shows late (a trace after a 900 ms gateway, a lesson switch). */
const soon = { timeout: 15_000 };
/** Per test: each sends several requests and switches lessons. */
const SLOW = 150_000;

const sendButton = () => page.locator('.request-line button[type="submit"]');

async function pickLesson(id: string) {
  await page.getByTestId('lesson-picker').selectOption(id);
  await expect.poll(() => page.getByTestId('lesson-picker').inputValue(), soon).toBe(id);
  await expect.poll(() => sendButton().isEnabled(), soon).toBe(true);
  // Predict mode has its own tests (predict.test.ts): a lesson that starts in it is switched off here.
  if (await page.getByLabel('Predict first').isChecked()) await page.getByLabel('Predict first').uncheck();
}

async function chooseLanguage(language: 'en' | 'id') {
  const toggle = page.locator('.app-header button', { hasText: /^(English|Bahasa Indonesia)$/ });
  if ((await toggle.textContent()) === (language === 'id' ? 'Bahasa Indonesia' : 'English')) await toggle.click();
  await expect.poll(() => toggle.textContent(), soon).toBe(language === 'id' ? 'English' : 'Bahasa Indonesia');
}

/** Types a request without a body into the panel, as a learner does, and sends it; resolves when its trace is shown. */
async function sendTyped(method: string, path: string) {
  await page.locator('.request-panel [role="tab"]', { hasText: 'Body' }).click();
  await page.locator('.body-editor [role="radiogroup"] label', { hasText: /^(None|Tanpa body)$/ }).click();
  await page.locator('#request-method').selectOption(method);
  const field = page.locator('#request-path');
  await field.click();
  await field.press('Control+a');
  await field.pressSequentially(path);
  const traces = await tracesShown();
  await sendButton().click();
  await expect.poll(tracesShown, soon).toBe(traces + 1);
}

/** How many traces the Traces tab counts ("Traces (3)"). */
const tracesShown = async () => Number(/\((\d+)\)/.exec((await page.getByRole('tab', { name: /^(Traces|Jejak) \(/ }).textContent()) ?? '')?.[1] ?? 0);

async function openStep(kind: string) {
  await page
    .locator(`.timeline__item--${kind} button`)
    .first()
    .click({ timeout: 10_000 })
    .catch(async (e) => {
      await page.screenshot({ path: `${SHOTS}/messages-failed.png` });
      throw e;
    });
  await expect.poll(() => page.getByTestId('inspector').getAttribute('data-kind'), soon).toBe(kind);
}

async function noAxeViolations(selector: string) {
  const problems = await axeViolations(page, selector);
  expect(problems, problems.join('\n')).toEqual([]);
}

/** True when the element is fully inside the viewport and not hidden under something else. */
const onScreen = (selector: string) =>
  page.evaluate((sel) => {
    const element = document.querySelector<HTMLElement>(sel);
    if (!element) return 'missing';
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return 'no size';
    if (box.top < 0 || box.left < 0 || box.bottom > innerHeight + 0.5 || box.right > innerWidth + 0.5) return `outside the viewport: ${JSON.stringify(box)}`;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + Math.min(box.height / 2, 8));
    return hit && (element === hit || element.contains(hit)) ? 'ok' : `covered by ${hit?.tagName}.${hit?.className} "${hit?.textContent?.slice(0, 30)}"`;
  }, selector);

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(gudang.url);
  await openEditor(page);
});

afterAll(async () => {
  await browser?.close();
  await gudang?.close();
});

describe('an error in the learner’s language', () => {
  it(
    'words a missing body in English and in Indonesian, with QuickJS’s text and a plain hint',
    async () => {
      await pickLesson('02-routes-and-logic');
      await chooseLanguage('en');
      // A first request loads the session's app: on a busy machine that alone can reach the deadline.
      const traces = await tracesShown();
      await sendButton().click();
      await expect.poll(tracesShown, soon).toBe(traces + 1);
      await sendTyped('POST', '/api/quote');
      await openStep('error');
      const inspector = page.getByTestId('inspector');
      await expect.poll(() => page.getByTestId('error-words').textContent(), soon).toMatch(/^⚠ Your code stopped with an error \(at line 8\)$/);
      expect(await inspector.locator('pre').first().textContent()).toMatch(/^TypeError: cannot read property 'items' of undefined$/);
      expect(await page.getByTestId('error-hint').textContent()).toMatch(/The request had no JSON body/);
      await noAxeViolations('.column--right');

      await chooseLanguage('id');
      // The same step stays open: switching the language reopens nothing.
      await expect.poll(() => page.getByTestId('error-words').textContent(), soon).toMatch(/^⚠ Kodemu berhenti karena kesalahan \(di baris 8\)$/);
      expect(await page.getByTestId('response-status').textContent()).toMatch(/500/);
      expect(await page.getByTestId('error-hint').textContent()).toMatch(/Permintaan tidak membawa body JSON/);
      expect(await inspector.textContent()).toContain('di kodemu (baris 8)');
      expect(await page.locator('.timeline__item--error .timeline__summary').textContent()).toMatch(/^Kodemu berhenti karena kesalahan: TypeError/);
      await noAxeViolations('.column--right');
      await chooseLanguage('en');
    },
    SLOW,
  );
});

describe('the smaller things', () => {
  it(
    'hints that a path exists with other methods, beside Express’s bare 404',
    async () => {
      await chooseLanguage('en');
      await pickLesson('03-reading-the-database');
      await sendTyped('DELETE', '/api/products/2');
      expect(await page.getByTestId('response-status').textContent()).toMatch(/404/);
      await openStep('error');
      expect(await page.getByTestId('error-words').textContent()).toMatch(/no route handles DELETE \/api\/products\/2 — but this path has a route for GET/);
    },
    SLOW,
  );

  it(
    'shows the index in the database panel, and resets only the data with its own button',
    async () => {
      await chooseLanguage('en');
      await pickLesson('11-lots-of-data');
      await page.getByRole('tab', { name: 'Database' }).click();
      await expect.poll(() => page.getByTestId('database-indexes').first().textContent(), soon).toMatch(/CREATE INDEX idx_history_user_time ON watch_history \(user_id, watched_at\)/);
      await noAxeViolations('.column--right');
      const reset = page.getByRole('button', { name: /Reset the data/ });
      await reset.click();
      await expect.poll(() => page.getByTestId('database').getByRole('status').textContent(), soon).toMatch(/sample data is back/);
      expect(await page.getByTestId('save-state').textContent()).toMatch(/Saved/);
    },
    SLOW,
  );

  it(
    'names the payment gateway’s box as the lesson does and counts the queries on the Database box',
    async () => {
      await chooseLanguage('en');
      await pickLesson('10-outside-services');
      await page.getByRole('button', { name: /Pay order 1/ }).click();
      const traces = await tracesShown();
      await sendButton().click();
      await expect.poll(tracesShown, soon).toBe(traces + 1);
      await expect.poll(() => page.locator('.flow-node', { hasText: 'Payment gateway' }).count(), soon).toBe(1);
      await expect.poll(() => page.locator('.flow-node', { hasText: 'Database' }).textContent(), soon).toMatch(/2 queries/);
      // The time the learner reads includes the gateway's simulated 900 ms.
      const time = await page.getByTestId('response').locator('.response__meta').textContent();
      expect(Number(/(\d+) ms/.exec(time ?? '')?.[1])).toBeGreaterThanOrEqual(900);
      await page.screenshot({ path: `${SHOTS}/messages-lesson-10-1280x720.png` });
    },
    SLOW,
  );

  it(
    'at 1280×720 keeps the six boxes readable, the response body and History reachable',
    async () => {
      // Still lesson 10: Client, Express, handler, Database, Payment gateway, Response.
      const nodes = page.locator('.react-flow__node');
      expect(await nodes.count()).toBe(6);
      // Nodes take no pointer events (nothing to drag), so "on screen" is: inside the diagram's pane.
      const pane = (await page.locator('.flow-diagram').boundingBox())!;
      for (const box of await nodes.evaluateAll((all) => all.map((n) => n.getBoundingClientRect().toJSON() as DOMRect))) {
        expect(box.left).toBeGreaterThanOrEqual(pane.x);
        expect(box.top).toBeGreaterThanOrEqual(pane.y);
        expect(box.right).toBeLessThanOrEqual(pane.x + pane.width + 0.5);
        expect(box.bottom).toBeLessThanOrEqual(pane.y + pane.height + 0.5);
      }
      const zoom = await page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a);
      expect(zoom, 'the diagram is zoomed out too far to read').toBeGreaterThanOrEqual(0.7);

      const body = page.getByTestId('response-body');
      await body.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/messages-response-1280x720.png` });
      // Its top and at least a few lines are in the window (a longer body scrolls inside itself).
      const shown = await body.evaluate((e) => {
        const box = e.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + 20, box.top + 12);
        return { top: box.top, visible: Math.min(box.bottom, innerHeight) - box.top, own: hit !== null && e.contains(hit) };
      });
      expect(shown.top).toBeGreaterThanOrEqual(0);
      expect(shown.visible).toBeGreaterThanOrEqual(48);
      expect(shown.own, 'the response body is covered').toBe(true);

      for (const language of ['en', 'id'] as const) {
        await chooseLanguage(language);
        const history = page.locator('.history summary');
        await history.scrollIntoViewIfNeeded();
        expect(await onScreen('.history summary'), `History in ${language}`).toBe('ok');
        await history.click();
        const entry = page.locator('.history__list button').first();
        await entry.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${SHOTS}/messages-history-${language}.png` });
        expect(await onScreen('.history__list button'), `History's first entry in ${language}`).toBe('ok');
        await history.click();
      }
      await chooseLanguage('en');
    },
    SLOW,
  );
});

describe('focus and keys', () => {
  it(
    'gives focus back to Check after the checks ran',
    async () => {
      await chooseLanguage('en');
      await pickLesson('03-reading-the-database');
      const check = page.getByTestId('check-button');
      await check.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.checks__list li').count(), soon).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('check-button');
    },
    SLOW,
  );

  it(
    'gives focus back to Show solution after the solution dialog closes',
    async () => {
      const solve = page.getByRole('button', { name: 'Show solution' });
      await solve.focus();
      await page.keyboard.press('Enter');
      const close = page.locator('dialog .dialog-actions button', { hasText: 'Close' });
      await close.waitFor();
      await close.click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), soon).toBe('Show solution');
      // Esc closes it as well, and focus comes back the same way.
      await page.keyboard.press('Enter');
      await close.waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), soon).toBe('Show solution');
    },
    SLOW,
  );

  it(
    'says how to leave the editor by keyboard, and that way works',
    async () => {
      expect(await page.locator('#editor-keys').textContent()).toBe('Tab indents · to leave the editor: Ctrl+M, then Tab');
      expect(await onScreen('#editor-keys')).toBe('ok');
      await focusEditor(page);
      await page.keyboard.press('Control+m');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') === null)).toBe(true);
      // Ctrl+M again: Tab indents once more.
      await focusEditor(page);
      await page.keyboard.press('Control+m');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true);
      await noAxeViolations('.column--middle');
    },
    SLOW,
  );
});
