import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on one part of the page and returns its violations in a readable form. */
export async function axeViolations(page: Page, selector: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async (sel) => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    return axe.run({ include: [sel] }, { resultTypes: ['violations'] });
  }, selector);
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

/** The text of the editor line a decoration (step highlight, error squiggle) sits on. */
export function editorLineWith(page: Page, className: string): Promise<string | null> {
  return page.evaluate((cls) => {
    const overlay =
      document.querySelector(`.monaco-editor .${cls}`)?.closest<HTMLElement>('.view-overlays > div, .margin-view-overlays > div') ?? document.querySelector<HTMLElement>(`.monaco-editor .${cls}`);
    const top = overlay?.style.top;
    if (!top) return null;
    const line = [...document.querySelectorAll<HTMLElement>('.monaco-editor .view-line')].find((l) => l.style.top === top);
    return line?.textContent?.replace(/\u00a0/g, ' ') ?? null;
  }, className);
}

/**
 * How far the code is shifted left of where column 1 belongs, in pixels: Monaco's own horizontal
 * scroll and any scroll the browser put on its inner nodes both count, as both cut the code off.
 */
export function editorScrollLeft(page: Page): Promise<number> {
  return page.evaluate(() => {
    const viewport = document.querySelector('.monaco-editor .editor-scrollable')!.getBoundingClientRect();
    const content = document.querySelector('.monaco-editor .lines-content')!.getBoundingClientRect();
    return Math.round(viewport.left - content.left);
  });
}

/**
 * Opens the code editor as a learner does: the page shows the code read-only until it is clicked
 * (Monaco runs only then), so this clicks it and waits until Monaco shows the code.
 */
export async function openEditor(page: Page): Promise<void> {
  await page.locator('[data-testid="code-preview"], .monaco-editor .view-lines').first().waitFor();
  if (await page.getByTestId('code-preview').isVisible()) await page.getByTestId('code-preview').click();
  await page.locator('.monaco-editor .view-lines').waitFor();
}

/** The code on screen as one string (lines run together): Monaco's view, or the read-only code shown before it opens. */
export async function visibleCode(page: Page): Promise<string> {
  const text = await page.evaluate(() => (document.querySelector('.monaco-editor .view-lines') ?? document.querySelector('[data-testid="code-preview"] ol'))?.textContent ?? '');
  return text.replace(/\u00a0/g, ' ');
}

/** Focuses Monaco (opening it first); the mouse leaves first so an error hover cannot cover the text. */
export async function focusEditor(page: Page): Promise<void> {
  await openEditor(page);
  await page.mouse.move(0, 0);
  await page.locator('.monaco-editor .native-edit-context, .monaco-editor textarea.inputarea').first().focus();
  await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') !== null);
}

/**
 * Types text at the cursor key by key, as a learner does (`keyboard.type`: real key presses, so
 * anything that swallows keys on the page shows here, as pasting or setting the value would hide).
 * Each new line starts with Shift+Home before its text, so the indentation Monaco carries over from
 * the line above is replaced by the line's own. Each line should close the brackets it opens:
 * Monaco closes them itself and types over its own closer only on the same line.
 */
export async function typeInEditor(page: Page, text: string, { delay = 0 } = {}): Promise<void> {
  const [first, ...rest] = text.split('\n');
  await page.keyboard.type(first!, { delay });
  for (const line of rest) {
    await page.keyboard.press('Enter', { delay });
    await page.keyboard.press('Shift+Home', { delay });
    // An empty line: a space replaces the selected indentation (if any), Backspace takes it away.
    await page.keyboard.type(line || ' ', { delay });
    if (!line) await page.keyboard.press('Backspace', { delay });
  }
  // Keys land asynchronously: wait until the last line is on screen, so a Ctrl+S after this saves it.
  const last = rest.at(-1) ?? first!;
  if (last.trim()) await page.waitForFunction((line) => [...document.querySelectorAll('.monaco-editor .view-line')].some((l) => l.textContent?.replace(/\u00a0/g, ' ').includes(line)), last.trim());
}

/** The editor's whole text, read as a learner would: select all, copy, read the clipboard. The cursor ends at the end. */
export async function editorText(page: Page): Promise<string> {
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+End');
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Types text after the last line; the cursor stays at the end. */
export async function typeInEditorAtEnd(page: Page, text: string): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('End');
  await typeInEditor(page, text);
  const typed = await editorText(page);
  if (!typed.endsWith(text)) throw new Error(`the editor does not end with the typed text; it ends with:\n${typed.slice(-text.length - 40)}`);
}
