import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { launchBrowser } from '../helpers/browser.js';
import { startAppInBrowser } from '../helpers/app-in-browser.js';
import { axeViolations, editorText, focusEditor, openEditor } from '../helpers/browser-page.js';
import type { Gudang } from '../../server/gudang.js';

/**
 * What a student met working through the course with real key presses (issue 9): each test here
 * failed before its fix.
 */

let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

/** Moves focus out of inputs so ← / → step the trace. */
const focusFlow = () => page.locator('.flow-area .pane-title').click();
const sendButton = () => page.locator('.request-line button[type="submit"]');
/** The text of the n-th line on screen (0 = the top one); Monaco's line nodes are not in order in the DOM. */
const lineOnScreen = (n: number) =>
  page.evaluate((index) => {
    const lines = [...document.querySelectorAll<HTMLElement>('.monaco-editor .view-line')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return lines[index]?.textContent?.replace(/\u00a0/g, ' ');
  }, n);

async function pickLesson(id: string) {
  await page.getByTestId('lesson-picker').selectOption(id);
  await expect.poll(() => page.getByTestId('lesson-picker').inputValue(), { timeout: 15_000 }).toBe(id);
  // The session is ready when Send is (a loaded machine may take a while to start it).
  await expect.poll(() => sendButton().isEnabled(), { timeout: 15_000 }).toBe(true);
  // Predict mode has its own tests (predict.test.ts): a lesson that starts in it is switched off here.
  if (await page.getByLabel('Predict first').isChecked()) await page.getByLabel('Predict first').uncheck();
}

/** The stored request history: a new answer puts a new entry first (its count stops growing at 30). */
const history = () => page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith('request-history'))?.[1] ?? '');

/** Sends the request panel's request and waits for its answer and its trace. */
async function sendAndWait() {
  const before = await history();
  const traces = await page.getByRole('tab', { name: /Traces/ }).textContent();
  await sendButton().click();
  await expect.poll(history, { timeout: 15_000 }).not.toBe(before);
  await expect.poll(() => page.getByRole('tab', { name: /Traces/ }).textContent()).not.toBe(traces);
}

/** How many diagram boxes there are, and how many of them are drawn (measured, not hidden) wholly inside the diagram's frame. */
const diagramBoxes = () =>
  page.evaluate(() => {
    const frame = document.querySelector('.flow-diagram')!.getBoundingClientRect();
    const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')];
    const shown = nodes.filter((node) => {
      const box = node.getBoundingClientRect();
      return (
        getComputedStyle(node).visibility === 'visible' &&
        box.width > 10 &&
        box.height > 10 &&
        box.left >= frame.left - 1 &&
        box.right <= frame.right + 1 &&
        box.top >= frame.top - 1 &&
        box.bottom <= frame.bottom + 1
      );
    });
    return { total: nodes.length, shown: shown.length };
  });

/** Every box of the diagram is drawn inside its frame: Client, Express, the handler, Database and Response at least. */
async function everyBoxShown(when: string) {
  await expect.poll(async () => ((b) => (b.total >= 5 ? b.total - b.shown : 'too few boxes'))(await diagramBoxes()), { message: `boxes not shown after ${when}`, timeout: 5_000 }).toBe(0);
}

async function noAxeViolations(selector: string) {
  const problems = await axeViolations(page, selector);
  expect(problems, problems.join('\n')).toEqual([]);
}

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
  await page.goto(gudang.url);
  await openEditor(page);
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
  }, 120_000);
});

describe('the flow diagram', () => {
  const lessons = ['02-routes-and-logic', '03-reading-the-database', '04-writing-the-database', '05-responses-for-clients', '07-access-control', '10-outside-services', '12-n-plus-one'];

  it('shows every box of every trace, fitted, after lesson switches, sends, steps and edits', async () => {
    // As a learner arrives: a fresh page.
    await page.goto(gudang.url);
    for (const lesson of lessons) {
      await pickLesson(lesson);
      await everyBoxShown(`opening ${lesson}`);
      const suggestions = page.locator('.suggestions button');
      const count = await suggestions.count();
      for (let i = 0; i < count; i++) {
        await suggestions.nth(i).click();
        await sendAndWait();
        await everyBoxShown(`send ${i + 1} in ${lesson}`);
        await focusFlow();
        await page.keyboard.press('Home');
        await page.keyboard.press('ArrowRight');
        await everyBoxShown(`stepping through send ${i + 1} in ${lesson}`);
        await page.keyboard.press('End');
      }
      // An edit re-renders the whole page: the boxes must not go.
      await focusEditor(page);
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n// the diagram keeps its boxes');
      await everyBoxShown(`typing in ${lesson}`);
      await page.keyboard.press('Control+s');
      await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');
      await everyBoxShown(`saving in ${lesson}`);
      await suggestions.first().click();
      await sendAndWait();
      await everyBoxShown(`sending edited code in ${lesson}`);
    }
    await noAxeViolations('.column--right');
  }, 240_000);
});

describe('the solution', () => {
  it('keeps "Bring back my code" in its lesson: another lesson neither shows it nor gets the code', async () => {
    await pickLesson('12-n-plus-one');
    await page.getByRole('button', { name: 'Show solution' }).click();
    const dialog = page.getByRole('dialog', { name: 'Solution' });
    await dialog.getByRole('button', { name: 'Use the solution' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('button', { name: /Bring back my code/ }).count()).toBe(1);
    await focusEditor(page);
    await page.keyboard.press('Control+z');
    await pickLesson('04-writing-the-database');
    expect(await page.getByRole('button', { name: /Bring back my code/ }).count()).toBe(0);
    await noAxeViolations('.app-header');
  });
});

describe('the request panel', () => {
  async function sendWithStatus(status: number) {
    await sendAndWait();
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toContain(`→ ${status}`);
    expect(await page.getByTestId('response-status').textContent()).toContain(String(status));
  }

  it('sends what the learner wrote: a repeated GET carries no cache validators of the browser', async () => {
    await pickLesson('03-reading-the-database');
    await page.getByRole('button', { name: 'One product' }).click();
    await sendWithStatus(200);
    await sendWithStatus(200);
    await noAxeViolations('.column--middle');
  });

  it('sends a validator the learner typed: If-None-Match with the ETag they read gets 304, in the viewer and the trace', async () => {
    await page
      .getByTestId('response')
      .getByRole('tab', { name: /Headers/ })
      .click();
    const etag = await page
      .getByTestId('response')
      .locator('.header-list div')
      .filter({ has: page.locator('dt').getByText(/^etag$/i) })
      .locator('dd')
      .textContent();
    expect(etag).toMatch(/^W\/"/);
    await page
      .locator('.request-panel')
      .getByRole('tab', { name: /Headers/ })
      .click();
    await page.locator('.request-panel').getByRole('button', { name: /Add/ }).click();
    await page.getByLabel('Headers 1 Name').click();
    await page.keyboard.type('If-None-Match');
    await page.keyboard.press('Tab');
    await page.keyboard.type(etag!);
    await sendWithStatus(304);
    // And without it, a 200 again: the browser added nothing of its own.
    await page.getByRole('button', { name: /Remove If-None-Match/ }).click();
    await sendWithStatus(200);
    await page.getByTestId('response').getByRole('tab', { name: 'Pretty' }).click();
  });
});

describe('Check and Send run the code on screen', () => {
  it('refuses to check code that does not compile, with the compile error', async () => {
    await pickLesson('09-sql-injection');
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nconst broken = ;');
    await page.locator('.app-header .primary-button').click();
    await expect.poll(() => page.getByTestId('checks-not-compiled').textContent()).toMatch(/line \d+:\d+/);
    expect(await page.locator('.checks li.is-passed').count()).toBe(0);
    await noAxeViolations('.column--left');
  });

  it('saves unsaved edits before sending, so the request runs the code on screen', async () => {
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type("app.get('/api/on-screen', (req, res) => res.json({ ran: 'what you see' }));");
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Unsaved');
    await page.locator('#request-path').fill('/api/on-screen');
    await sendAndWait();
    expect(await page.getByTestId('response-status').textContent()).toContain('200');
    expect(await page.getByTestId('response-body').textContent()).toContain('what you see');
    expect(await page.getByTestId('save-state').textContent()).toContain('Saved');
  });
});
