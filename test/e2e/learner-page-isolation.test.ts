import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../server/gudang.js';
import { startAppInBrowser } from '../helpers/app-in-browser.js';
import type { launchBrowser } from '../helpers/browser.js';
import { axeViolations } from '../helpers/browser-page.js';
import { call, newSession } from '../helpers/gudang-under-test.js';

/**
 * A learner's page never runs on Gudang's origin. A hostile page served by one learner's app
 * tries to read the UI's localStorage and to drive another session through the control API, and
 * writes what it could observe into its own DOM: opened directly in Chromium, and in the
 * response viewer's preview, its scripts run but in an opaque origin that reaches nothing.
 */
let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let victim: string;

const hostilePage = (target: string) => `<!DOCTYPE html><html lang="en"><head><title>Free answers</title></head><body><main><pre id="out">running</pre></main><script>
(async () => {
  const out = ['origin=' + self.origin];
  const attempt = async (name, work) => { try { out.push(name + ': ' + (await work())); } catch (e) { out.push(name + ' blocked: ' + e.name); } };
  await attempt('localStorage', () => JSON.stringify(Object.keys(localStorage)));
  await attempt('parent localStorage', () => JSON.stringify(Object.keys(parent.localStorage)));
  await attempt('cookie', () => JSON.stringify(document.cookie));
  await attempt('read traces', async () => (await fetch('/api/sessions/${target}/traces')).status);
  await attempt('replace code', async () => (await fetch('/api/sessions/${target}/code', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'app.get("/", (q, s) => s.send("pwned"));' }) })).status);
  await attempt('reset (no-cors)', async () => (await fetch('/api/sessions/${target}/reset', { method: 'POST', mode: 'no-cors' })).type);
  document.getElementById('out').textContent = out.join('\\n') + '\\ndone';
})();
</script></body></html>`;

const routeFor = (target: string) => `\napp.get('/evil', (req, res) => res.send(${JSON.stringify(hostilePage(target))}));`;

/** What the hostile page could observe, read from its own DOM once it has finished. */
async function observed(frame: { locator(selector: string): { textContent(): Promise<string | null> } }) {
  await expect.poll(() => frame.locator('#out').textContent(), { timeout: 20_000 }).toContain('done');
  return (await frame.locator('#out').textContent()) ?? '';
}

function expectIsolated(text: string) {
  expect(text).toContain('origin=null');
  expect(text).toMatch(/^localStorage blocked: SecurityError$/m);
  expect(text).toMatch(/^parent localStorage blocked: SecurityError$/m);
  expect(text).toMatch(/^cookie blocked: SecurityError$/m);
  expect(text).toMatch(/^read traces blocked: TypeError$/m);
  expect(text).toMatch(/^replace code blocked: TypeError$/m);
}

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
  await page.goto(gudang.url);
  await page.locator('.url-field__base[title*="/sandbox/"]').waitFor({ timeout: 30_000 });
  victim = (await page.locator('.url-field__base').getAttribute('title'))!.split('/sandbox/')[1]!;
  // The victim's session id is in the UI's localStorage: that is what the page must not read.
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).toContain(victim);
});
afterAll(async () => {
  await browser?.close();
  await gudang?.close();
});

describe('a hostile learner page', () => {
  it('opened directly, runs its script in an opaque origin that reads and drives nothing', async () => {
    const before = await call(gudang.url, 'GET', `/api/sessions/${victim}`);
    const attacker = await newSession(gudang.url, before.json.lessonId);
    expect((await call(gudang.url, 'PUT', `/api/sessions/${attacker.sessionId}/code`, { code: attacker.code + routeFor(victim) })).status).toBe(200);

    const tab = await browser.context.newPage();
    try {
      await tab.goto(`${gudang.url}/sandbox/${attacker.sessionId}/evil`);
      const text = await observed(tab);
      expectIsolated(text);
      // The no-cors reset was sent, but the control API refused a page of another origin.
      expect(text).toMatch(/^reset \(no-cors\): opaque$/m);
    } finally {
      await tab.close();
    }
    const after = await call(gudang.url, 'GET', `/api/sessions/${victim}`);
    expect(after.json.code).toBe(before.json.code);
    expect((await call(gudang.url, 'GET', `/api/sessions/${victim}/traces`)).json.traces.some((t: { url: string }) => t.url === '/evil')).toBe(false);
  });

  it('previewed in the response viewer, stays sandboxed too, and the pane has no axe violations', async () => {
    const session = await call(gudang.url, 'GET', `/api/sessions/${victim}`);
    const other = await newSession(gudang.url, session.json.lessonId);
    expect((await call(gudang.url, 'PUT', `/api/sessions/${victim}/code`, { code: session.json.code + routeFor(other.sessionId) })).status).toBe(200);
    await page.locator('#request-path').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('/evil');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('tab', { name: 'Preview' }).click();
    const iframe = page.locator('iframe.html-preview');
    expect(await iframe.getAttribute('sandbox')).toBe('allow-scripts allow-forms allow-popups');
    expectIsolated(await observed(page.frameLocator('iframe.html-preview')));
    expect((await call(gudang.url, 'GET', `/api/sessions/${other.sessionId}`)).json.code).toBe(other.code);
    const problems = await axeViolations(page, '.column--right');
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
