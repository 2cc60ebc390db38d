import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { launchBrowser } from '../helpers/browser.js';
import { startAppInBrowser } from '../helpers/app-in-browser.js';
import { axeViolations, editorText, focusEditor } from '../helpers/browser-page.js';
import type { Gudang } from '../../server/gudang.js';

/**
 * What a student met working through the course with real key presses (issue 9): each test here
 * failed before its fix.
 */

let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

const sendButton = () => page.locator('.request-line button[type="submit"]');
/** The text of the n-th line on screen (0 = the top one); Monaco's line nodes are not in order in the DOM. */
const lineOnScreen = (n: number) =>
  page.evaluate((index) => {
    const lines = [...document.querySelectorAll<HTMLElement>('.monaco-editor .view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return lines[index]?.textContent?.replace(/\u00a0/g, ' ');
  }, n);

async function pickLesson(id: string) {
  await page.getByTestId('lesson-picker').selectOption(id);
  await expect.poll(() => page.getByTestId('lesson-picker').inputValue()).toBe(id);
  // The session is ready when Send is.
  await expect.poll(() => sendButton().isEnabled()).toBe(true);
}

async function noAxeViolations(selector: string) {
  const problems = await axeViolations(page, selector);
  expect(problems, problems.join('\n')).toEqual([]);
}

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
  await page.goto(gudang.url);
  await page.locator('.monaco-editor .view-lines').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await gudang?.close();
});

describe('typing in the code editor', () => {
  it('types a space: the diagram does not take Space away from the editor', async () => {
    await pickLesson('01-first-request');
    await page.mouse.move(0, 0);
    // Click into the code, as a learner does, then write a comment above it.
    await page.locator('.monaco-editor .view-lines').click({ position: { x: 120, y: 30 } });
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.type('// a b c');
    await expect.poll(() => lineOnScreen(0)).toBe('// a b c');
    await noAxeViolations('.column--right');
  });

  it('types fast: every key lands where it was typed, even before React has caught up', async () => {
    await pickLesson('12-n-plus-one');
    await focusEditor(page);
    const before = await editorText(page);
    // Brackets and quotes that Monaco closes by itself and then types over; no line opens a block,
    // so its indentation adds nothing: what lands is exactly what was typed.
    const snippet = [
      "app.get('/api/typed-fast', (req, res) => res.json(db.query('SELECT id, name FROM products WHERE id < ?', [3])));",
      "app.get('/api/typed-too', (req, res) => res.send('two (2) [lines]'));",
      '',
    ].join('\n');
    for (let round = 0; round < 3; round++) {
      await page.keyboard.press('Control+End');
      await page.keyboard.type(snippet, { delay: 0 });
    }
    await expect.poll(() => editorText(page)).toBe(before + snippet.repeat(3));
  });
});
