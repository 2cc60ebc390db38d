import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { launchBrowser } from '../helpers/browser.js';
import { SHOTS, startAppInBrowser } from '../helpers/app-in-browser.js';
import {
  axeViolations as axeViolationsIn,
  editorLineWith as editorLineIn,
  editorScrollLeft,
  focusEditor as focusEditorIn,
  openEditor,
  typeInEditorAtEnd as typeAtEnd,
} from '../helpers/browser-page.js';
import type { Gudang } from '../../server/gudang.js';

let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });
const axeViolations = (selector: string) => axeViolationsIn(page, selector);
const editorLineWith = (className: string) => editorLineIn(page, className);
const focusEditor = () => focusEditorIn(page);
const typeInEditorAtEnd = (text: string) => typeAtEnd(page, text);

/** Moves focus out of inputs so ← / → step the trace. */
const focusFlow = () => page.locator('.flow-area .pane-title').click();

const sendButton = () => page.locator('.request-line button[type="submit"]');

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
});

afterAll(async () => {
  await browser?.close();
  await gudang?.close();
});

describe('the learner UI in Chromium', () => {
  it('shows the lesson and a usable request panel before the editor, then Monaco', async () => {
    await page.goto(gudang.url);
    // Measured in the page from navigation start, so Chromium's own start-up is not counted.
    const lessonMs = await page.waitForFunction(() => document.querySelector('[data-testid="lesson"] h1') && performance.now(), undefined, { polling: 'raf' }).then((h) => h.jsonValue());
    const requestMs = await page
      .waitForFunction(() => document.querySelector<HTMLButtonElement>('.request-line button[type="submit"]:not([disabled])') && performance.now(), undefined, { polling: 'raf' })
      .then((h) => h.jsonValue());
    console.log(`time to first lesson text: ${Math.round(Number(lessonMs))} ms; to a usable request panel: ${Math.round(Number(requestMs))} ms`);
    expect(await page.getByTestId('lesson').locator('h1').textContent()).toContain('What is a backend?');
    await openEditor(page);
    await shot('01-opened');
  });

  it('sends a suggested request and lights the path it took', async () => {
    await page.getByRole('button', { name: /List the products/ }).click();
    await sendButton().click();
    await expect.poll(() => page.getByTestId('response-status').textContent()).toContain('200');
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toContain('GET /api/products → 200');
    expect(await page.getByTestId('response-body').textContent()).toContain('Kopi Gayo');
    await expect.poll(() => page.getByTestId('step-position').textContent()).toBe('4 / 4');
    await expect.poll(() => page.locator('.react-flow__node[data-id="database"] .flow-node').getAttribute('class')).toContain('flow-node--visited');
    expect(await page.locator('.react-flow__node[data-id="response"] .flow-node').getAttribute('class')).toContain('flow-node--active');
    await shot('02-sent');
  });

  it('steps back and forward: the inspector and the highlighted code line follow', async () => {
    await focusFlow();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-kind')).toBe('query');
    expect(await page.getByTestId('inspector').textContent()).toContain('SELECT id, name, price, stock FROM products');
    await expect.poll(() => editorLineWith('step-line')).toContain("db.query('SELECT id, name, price, stock FROM products ORDER BY id')");
    expect(await page.locator('.react-flow__node[data-id="database"] .flow-node').getAttribute('class')).toContain('flow-node--active');
    await shot('03-query-step');

    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-kind')).toBe('process');
    await expect.poll(() => editorLineWith('step-line')).toContain("app.get('/api/products', (req, res) => {");
    expect(await page.locator('.react-flow__node[data-id="database"] .flow-node').getAttribute('class')).toContain('flow-node--dimmed');
    // A box not reached stays readable: its label against its own background, with every ancestor's opacity applied.
    expect(await page.locator('.react-flow__node[data-id="database"] .flow-node__label').evaluate(labelContrast)).toBeGreaterThanOrEqual(4.5);

    await page.getByRole('button', { name: 'First step' }).click();
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-kind')).toBe('receive');
    expect(await page.getByTestId('inspector').textContent()).toContain('GET /api/products');
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-kind')).toBe('query');
    await shot('04-stepped');
  });

  it("puts the cursor on a step's line from the inspector: what the learner types next lands there", async () => {
    const queryLine = await editorLineWith('step-line');
    expect(queryLine).toContain('db.query(');
    await page
      .getByTestId('inspector')
      .getByRole('button', { name: /^line \d+$/ })
      .click();
    await page.keyboard.press('End');
    await page.keyboard.type(' // the query');
    await expect.poll(() => editorLineWith('step-line')).toBe(`${queryLine} // the query`);
    // Take it back: the next tests start from the lesson's code.
    for (const _ of ' // the query') await page.keyboard.press('Backspace');
    await expect.poll(() => editorLineWith('step-line')).toBe(queryLine);
  });

  it('saves code typed into Monaco and the next request runs it', async () => {
    await typeInEditorAtEnd("\napp.get('/api/hello', (req, res) => res.json({ hello: 'dunia' }));");
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Unsaved');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');
    await page.locator('#request-path').fill('/api/hello');
    await page.locator('#request-path').press('Control+Enter');
    await expect.poll(() => page.getByTestId('response-body').textContent()).toContain('"hello": "dunia"');
    await shot('05-edited');
  });

  it('shows a syntax error from the server as a marker on its line', async () => {
    await typeInEditorAtEnd('\nconst broken = ;');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('compile-error').isVisible()).toBe(true);
    const banner = (await page.getByTestId('compile-error').textContent()) ?? '';
    const lineCount = await page.evaluate(() => document.querySelectorAll('.monaco-editor .view-line').length);
    expect(lineCount).toBeGreaterThan(0);
    expect(banner).toMatch(/line \d+:\d+/);
    await expect.poll(() => editorLineWith('squiggly-error')).toContain('const broken = ;');
    await shot('06-syntax-error');
    // Take the broken line out again and save.
    await focusEditor();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');
    expect(await page.getByTestId('compile-error').count()).toBe(0);
  });

  it('shows a request sent with a plain HTTP client live, without a reload', async () => {
    const base = await page.locator('.url-field__base').getAttribute('title');
    const answer = await fetch(`${base}/api/products/2`, { headers: { 'x-from': 'terminal' } });
    expect(answer.status).toBe(200);
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toContain('GET /api/products/2 → 200');
    await page.getByRole('tab', { name: /Traces/ }).click();
    await expect.poll(() => page.getByTestId('trace-list').textContent()).toContain('/api/products/2');
    await shot('07-live-trace');
  });

  it('refreshes the database panel after a request that wrote to it', async () => {
    await page.getByRole('tab', { name: 'Database' }).click();
    await expect.poll(() => page.getByTestId('database').textContent()).toContain('Kopi Gayo');
    expect(await page.getByTestId('database').textContent()).not.toContain('Keripik Tempe');
    await page.getByRole('button', { name: /Add a product/ }).click();
    await sendButton().click();
    await expect.poll(() => page.getByTestId('response-status').textContent()).toContain('201');
    await expect.poll(() => page.getByTestId('database').textContent()).toContain('Keripik Tempe');
    await shot('08-database');
  });

  it('has no axe-core violations in any pane', async () => {
    const problems: string[] = [];
    for (const tab of ['Inspector', 'Traces', 'Database']) {
      await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
      problems.push(...(await axeViolations('.column--right')).map((p) => `${tab}: ${p}`));
    }
    await page.getByRole('tab', { name: 'Headers', exact: true }).click();
    problems.push(...(await axeViolations('.column--middle')));
    problems.push(...(await axeViolations('.app-header')));
    problems.push(...(await axeViolations('.column--left')));
    await page.getByRole('button', { name: /Check/ }).first().click();
    await expect.poll(() => page.locator('.column--left [role="tabpanel"]').textContent()).not.toContain('Checking');
    problems.push(...(await axeViolations('.column--left')).map((p) => `checks: ${p}`));
    await page.getByRole('tab', { name: 'Lesson' }).click();
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('keeps the edited code across a reload', async () => {
    await page.reload();
    await openEditor(page);
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await expect.poll(async () => (await page.locator('.monaco-editor .view-lines').textContent())?.replace(/\u00a0/g, ' ')).toContain("hello: 'dunia'");
  });

  it('steps through a 200-step trace by keyboard, every step measured (how fast: npm run bench:stepping)', async () => {
    const loop = "\napp.get('/api/many', (req, res) => { for (let i = 0; i < 190; i++) db.query('SELECT name FROM products WHERE id = ?', [i % 4 + 1]); res.json({ done: true }); });";
    await typeInEditorAtEnd(loop);
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');
    await page.locator('#request-path').fill('/api/many');
    await sendButton().click();
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toContain('GET /api/many → 200');
    const total = Number((await page.getByTestId('step-position').textContent())!.split('/')[1]);
    expect(total).toBeGreaterThanOrEqual(190);
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await focusFlow();
    await page.keyboard.press('Home');
    await page.evaluate(() => performance.clearMeasures('gudang:step'));
    for (let i = 1; i < total; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('step-position').textContent()).toBe(`${total} / ${total}`);
    const durations = await page.evaluate(() => performance.getEntriesByName('gudang:step', 'measure').map((m) => m.duration));
    // Every key press was a step that finished: its measure ends once the inspector, the flow and the editor followed.
    expect(durations.length).toBe(total - 1);
    // The repeated query shows as one timeline row with its count, and the N+1 note in the inspector.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.timeline__count').first().textContent()).toBe('1/190');
    expect(await page.getByTestId('inspector').textContent()).toContain('×190');
  });

  it('shows the lesson, the code, a stepped flow and the inspector at a query together', async () => {
    // The cursor sits at the end of the long line typed above; bring the editor back to the start.
    await focusEditor();
    await page.keyboard.press('Control+Home');
    await page.getByRole('button', { name: /List the products/ }).click();
    await page.locator('#request-path').fill('/api/products/1');
    await sendButton().click();
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toContain('GET /api/products/1 → 200');
    await focusFlow();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-kind')).toBe('query');
    // Clicking into the long lines above made the browser scroll the editor sideways; a step shows its line from column 1.
    await expect.poll(() => editorScrollLeft(page)).toBe(0);
    await shot('08-query-with-its-line');
  });
});

/** WCAG contrast of an element's text over the nearest opaque background, both faded by the opacities above it. */
function labelContrast(label: Element): number {
  const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
  let opacity = 1;
  let background: number[] | null = null;
  for (let node: Element | null = label; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    opacity *= Number(style.opacity);
    const [r, g, b, a = 1] = rgb(style.backgroundColor);
    if (background === null && a === 1) background = [r!, g!, b!];
  }
  const page = [255, 255, 255];
  const fade = (color: number[]) => color.map((c, i) => c * opacity + page[i]! * (1 - opacity));
  const luminance = (color: number[]) => {
    const [r, g, b] = color.map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [text, under] = [luminance(fade(rgb(getComputedStyle(label).color))), luminance(fade(background ?? page))];
  return (Math.max(text, under) + 0.05) / (Math.min(text, under) + 0.05);
}
