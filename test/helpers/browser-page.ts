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
    const overlay = document.querySelector(`.monaco-editor .${cls}`)?.closest<HTMLElement>('.view-overlays > div, .margin-view-overlays > div') ?? document.querySelector<HTMLElement>(`.monaco-editor .${cls}`);
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

/** Focuses Monaco; the mouse leaves first so an error hover cannot cover the text. */
export async function focusEditor(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.locator('.monaco-editor .native-edit-context, .monaco-editor textarea.inputarea').first().focus();
  await page.waitForFunction(() => document.activeElement?.closest('.monaco-editor') !== null);
}

/** Pastes text at the cursor, as a learner would: typed key by key it would meet auto-closing brackets and suggestions. */
export async function pasteInEditor(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+v');
  // The paste lands asynchronously (the clipboard is read first): a Ctrl+S pressed before it would save the old code.
  const longest = text.split('\n').reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), '');
  await page.waitForFunction((line) => [...document.querySelectorAll('.monaco-editor .view-line')].some((l) => l.textContent?.replace(/\u00a0/g, ' ').includes(line)), longest);
}

export async function typeInEditorAtEnd(page: Page, text: string): Promise<void> {
  await focusEditor(page);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('End');
  await pasteInEditor(page, text);
}
