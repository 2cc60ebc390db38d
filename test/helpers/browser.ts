import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.GUDANG_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, in a fresh profile directory (Playwright takes it as userDataDir)
 * and without background networking: this machine cannot reach the hosts Chromium would call.
 */
export async function launchBrowser(viewport = { width: 1280, height: 720 }): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'gudang-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One headless Chromium with `count` contexts, each with its own cookies and storage: as many
 * separate devices (a teacher and students), for the price of one browser process.
 */
export async function launchContexts(count: number, viewport = { width: 1280, height: 800 }): Promise<{ contexts: BrowserContext[]; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const contexts = await Promise.all(Array.from({ length: count }, () => browser.newContext({ viewport })));
  return { contexts, close: () => browser.close() };
}
