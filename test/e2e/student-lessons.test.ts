import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { launchBrowser } from '../helpers/browser.js';
import { SHOTS, startAppInBrowser } from '../helpers/app-in-browser.js';
import { axeViolations, editorLineWith, editorScrollLeft, focusEditor, openEditor, typeInEditor, typeInEditorAtEnd, visibleCode as shownCode } from '../helpers/browser-page.js';
import { COURSE_LESSONS, startTestGudang, WEB_DIR } from '../helpers/gudang-under-test.js';
import type { Gudang } from '../../server/gudang.js';

/**
 * A learner going through lesson 1 (a walkthrough) and lesson 6 (authentication) of the real
 * course, by what they see and click: the lesson text, suggested requests, the flow, Check,
 * fixing the code in Monaco, the solution diff, the language, Reset and a server restart.
 */

const STARTER_1 = readFileSync(join(COURSE_LESSONS, '01-first-request/starter.ts'), 'utf8').split('\n');
const STARTER_6 = readFileSync(join(COURSE_LESSONS, '06-authentication/starter.ts'), 'utf8').split('\n');

/** The learner's own requireUser body: it passes the checks but is not the solution's text, so the diff has something to show. */
const MY_MIDDLEWARE = [
  "  const token = (req.get('authorization') ?? '').replace('Bearer ', '');",
  "  req.user = db.get('SELECT id, name FROM users WHERE token = ?', [token]);",
  "  if (!req.user) return res.status(401).json({ error: 'who are you? send the header Authorization: Bearer <your token>' });",
  '  next();',
].join('\n');

let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

const shot = (name: string) => page.screenshot({ path: `${SHOTS}/student-${name}.png` });
const sendButton = () => page.locator('.request-line button[type="submit"]');
const checkButton = () => page.locator('.app-header .primary-button');
const nodeClass = (id: string) => page.locator(`.react-flow__node[data-id${id.endsWith(':') ? '^' : ''}="${id}"] .flow-node`).getAttribute('class');
const visibleCode = () => shownCode(page);
/** Resolves after the page painted twice: what a key press changed is on screen by then. */
const nextFrames = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
/** Moves focus out of inputs so ← / → step the trace. */
const focusFlow = () => page.locator('.flow-area .pane-title').click();

async function pickLesson(id: string, title: string) {
  await page.getByTestId('lesson-picker').selectOption(id);
  await expect.poll(() => page.getByTestId('lesson').locator('h1').textContent()).toBe(title);
  // The session is ready when Send is.
  await expect.poll(() => sendButton().isEnabled()).toBe(true);
}

/** How many requests the history holds: it grows when an answer arrives, so a new answer can be told from the last one. */
const historyLength = async () => Number(/\((\d+)\)/.exec((await page.locator('.history summary').textContent()) ?? '')?.[1]);

async function sendRequest(status: string) {
  const before = await historyLength();
  await sendButton().click();
  // A first request after a restart waits for a new session and cold workers: longer than poll's 1 s default.
  await expect.poll(historyLength, { timeout: 15_000 }).toBe(before + 1);
  expect(await page.getByTestId('response-status').textContent()).toContain(status);
}

async function send(suggestion: RegExp, status: string) {
  await page.getByRole('button', { name: suggestion }).click();
  await sendRequest(status);
}

async function runChecks() {
  await checkButton().click();
  await page.getByTestId('checks').waitFor();
  return page.getByTestId('checks');
}

async function noAxeViolations(selector: string, what: string) {
  const problems = await axeViolations(page, selector);
  expect(problems, `${what}:\n${problems.join('\n')}`).toEqual([]);
}

beforeAll(async () => {
  ({ gudang, browser, page } = await startAppInBrowser());
});

afterAll(async () => {
  await browser?.close();
  await gudang?.close();
});

describe('a learner in lesson 1, a walkthrough', () => {
  it('reads the lesson, sends a suggested request and sees the path it took', async () => {
    await page.goto(gudang.url);
    await pickLesson('01-first-request', 'What is a backend? Your first request');
    await page
      .getByTestId('lesson')
      .getByText(/A shop has a shop window and a warehouse/)
      .waitFor();
    await send(/List the products/, '200');
    expect(await page.getByTestId('response-body').textContent()).toContain('Kopi Gayo');
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toContain('GET /api/products → 200');
    await expect.poll(() => nodeClass('response')).toContain('flow-node--active');
    for (const node of ['express', 'handler', 'database']) expect(await nodeClass(node)).toContain('flow-node--visited');
  });

  it('presses Check and sees every check green', async () => {
    const checks = await runChecks();
    expect(await checks.getByRole('status').textContent()).toMatch(/^3\/3 passed/);
    expect(await checks.locator('li.is-failed').count()).toBe(0);
    expect(await checks.locator('li.is-passed').count()).toBe(3);
    await shot('01-lesson1-checks-green');
    await noAxeViolations('.column--left', 'checks panel, all green');
  });
});

describe('a learner in lesson 6, authentication', () => {
  it('reads the task and sees the starter let a request without a token through', async () => {
    await page.getByRole('tab', { name: 'Lesson' }).click();
    await pickLesson('06-authentication', 'Authentication — who is asking?');
    // A second lesson's text is rendered once marked has loaded (the first screen did without it).
    await page
      .getByTestId('lesson')
      .getByText(/Anyone may look at the shop window/)
      .waitFor();
    // Lesson 1's answer came from another app: it is not shown here.
    expect(await page.getByTestId('response').count()).toBe(0);
    expect(await page.getByText('Send a request to see the response.').isVisible()).toBe(true);
    // The lesson starts in predict mode (test/e2e/predict.test.ts); this learner turns it off, and it stays off.
    expect(await page.getByLabel('Predict first').isChecked()).toBe(true);
    await page.getByLabel('Predict first').uncheck();
    await send(/My account without a token/, '200');
    expect((await page.getByTestId('response-body').textContent())?.trim()).toBe('{}');
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toContain('GET /api/me → 200');
    // Nothing stops it: through the middleware, into the handler and back out.
    await expect.poll(() => nodeClass('response')).toContain('flow-node--active');
    expect(await nodeClass('middleware:')).toContain('flow-node--visited');
    expect(await nodeClass('handler')).toContain('flow-node--visited');
    await shot('02-lesson6-starter');
  });

  it('presses Check: red checks with their messages, and a failed check opens its trace in the stepper', async () => {
    const checks = await runChecks();
    expect(await checks.getByRole('status').textContent()).toMatch(/^[0-4]\/5 passed/);
    const failed = checks.locator('li.is-failed');
    expect(await failed.count()).toBeGreaterThanOrEqual(1);
    const noToken = failed.filter({ hasText: 'Without a token the request stops at the middleware with 401' });
    expect(await noToken.textContent()).toContain('No Authorization header means nobody is logged in');
    await shot('03-lesson6-checks-red');
    await noAxeViolations('.column--left', 'checks panel, with failures');

    await noToken.getByRole('button', { name: /Open its trace/ }).click();
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toBe('GET /api/me → 200 (check)');
    const position = (await page.getByTestId('step-position').textContent()) ?? '';
    const [at, total] = position.split('/').map((n) => Number(n.trim()));
    expect(total).toBeGreaterThan(2);
    expect(at).toBe(total);
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('Middleware');
    await page.getByRole('button', { name: 'First step' }).click();
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-kind')).toBe('receive');
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-kind')).toBe('middleware');
    expect(await page.getByTestId('inspector').textContent()).toContain('requireUser');
  });

  it('fixes requireUser in Monaco, saves, and the request without a token now stops at the middleware', async () => {
    // Select the TODO body of requireUser (up to its `next();`) with the keyboard, and type over it.
    const from = STARTER_6.findIndex((line) => line.includes('TODO'));
    const to = STARTER_6.findIndex((line, i) => i > from && line.trim() === 'next();');
    await focusEditor(page);
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < from; i++) await page.keyboard.press('ArrowDown');
    for (let i = from; i < to; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await typeInEditor(page, MY_MIDDLEWARE);
    // The learner looks at the end of the long line they wrote: the editor scrolls sideways to it.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    await expect.poll(() => editorScrollLeft(page)).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Unsaved');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');

    await send(/My account without a token/, '401');
    expect(await page.getByTestId('response-body').textContent()).toContain('who are you?');
    await expect.poll(() => page.getByTestId('current-trace').textContent()).toContain('GET /api/me → 401');
    // Refused: the handler never ran.
    await expect.poll(() => nodeClass('handler')).toContain('flow-node--dimmed');
    expect(await nodeClass('middleware:')).toMatch(/flow-node--(visited|active)/);

    // Stepping shows each step's line from column 1, not the end of the long line typed last.
    await focusFlow();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-kind')).toBe('query');
    await expect.poll(() => editorLineWith(page, 'step-line')).toContain("req.user = db.get('SELECT id, name FROM users");
    await expect.poll(() => editorScrollLeft(page)).toBe(0);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('inspector').getAttribute('data-kind')).toBe('middleware');
    await expect.poll(() => editorScrollLeft(page)).toBe(0);
    await shot('04-lesson6-fixed');

    await send(/My account as Ani/, '200');
    expect(await page.getByTestId('response-body').textContent()).toContain('"name": "Ani"');
  });

  it('presses Check again and sees every check green', async () => {
    // The red report from before the fix says it is out of date until Check runs again.
    await page.getByRole('tab', { name: 'Checks', exact: true }).click();
    await expect.poll(() => page.getByTestId('checks').getByRole('note').textContent()).toContain('Your code has changed since these checks ran');
    await noAxeViolations('.column--left', 'checks panel, out of date');
    const checks = await runChecks();
    await expect.poll(() => checks.getByRole('note').count()).toBe(0);
    await expect.poll(() => checks.getByRole('status').textContent()).toMatch(/^5\/5 passed/);
    expect(await checks.locator('li.is-failed').count()).toBe(0);
    await shot('05-lesson6-checks-green');
    await noAxeViolations('.column--left', 'checks panel, all green after a fix');
  });

  it('looks at the solution as a diff, applies it, and brings their own code back', async () => {
    await page.getByRole('button', { name: 'Show solution' }).click();
    const dialog = page.getByRole('dialog', { name: 'Solution' });
    await dialog.waitFor();
    // The first tab compares the runs; the code diff is the second.
    await dialog.getByRole('tab', { name: 'Compare the code' }).click();
    expect(await dialog.locator('.diff__line--removed').allTextContents()).toContainEqual(expect.stringContaining('who are you?'));
    expect(await dialog.locator('.diff__line--added').allTextContents()).toContainEqual(expect.stringContaining('log in first'));
    await shot('06-solution-diff');
    await noAxeViolations('.solution-dialog', 'solution dialog');

    // Looking changes nothing.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await visibleCode()).toContain('who are you?');
    expect(await page.getByTestId('save-state').textContent()).toContain('Saved');
    expect(await page.getByRole('button', { name: /Bring back my code/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Show solution' }).click();
    await dialog.getByRole('button', { name: 'Use the solution' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(visibleCode).toContain('log in first');
    expect(await visibleCode()).not.toContain('who are you?');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');
    await send(/My account without a token/, '401');
    expect(await page.getByTestId('response-body').textContent()).toContain('log in first');

    await page.getByRole('button', { name: /Bring back my code/ }).click();
    await expect.poll(visibleCode).toContain('who are you?');
    expect(await visibleCode()).not.toContain('log in first');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');
    expect(await page.getByRole('button', { name: /Bring back my code/ }).count()).toBe(0);
    await send(/My account without a token/, '401');
    expect(await page.getByTestId('response-body').textContent()).toContain('who are you?');
  });
});

describe('a learner who reads Bahasa Indonesia', () => {
  it('switches the language: the lesson and the UI are in Indonesian, and stay so after a reload', async () => {
    await page.getByRole('tab', { name: 'Lesson' }).click();
    await page.getByRole('button', { name: /Bahasa Indonesia/ }).click();
    const indonesian = async () => {
      await expect.poll(() => page.getByTestId('lesson').locator('h1').textContent()).toBe('Otentikasi — siapa yang bertanya?');
      // Text the first answer did not bring is rendered once marked has loaded.
      await page
        .getByTestId('lesson')
        .getByText(/Siapa pun boleh melihat etalase/)
        .waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('id');
      expect(await checkButton().textContent()).toContain('Periksa');
      expect(await sendButton().textContent()).toBe('Kirim');
      expect(await page.getByRole('tab', { name: 'Pemeriksaan' }).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: /Akunku tanpa token/ }).isVisible()).toBe(true);
      expect(await page.getByTestId('lesson-picker').locator('option:checked').textContent()).toContain('Otentikasi');
      // The longer labels still fit in the middle column.
      const column = (await page.locator('.column--middle').boundingBox())!;
      const history = (await page.locator('.history summary').boundingBox())!;
      expect(history.x + history.width).toBeLessThanOrEqual(column.x + column.width);
      expect(await page.locator('.history summary').textContent()).toMatch(/^Riwayat \(\d+\)$/);
    };
    await indonesian();
    await shot('07-bahasa-indonesia');
    await page.reload();
    await indonesian();
    await expect.poll(() => sendButton().isEnabled()).toBe(true);
    await page.getByRole('button', { name: /English/ }).click();
    await expect.poll(() => page.getByTestId('lesson').locator('h1').textContent()).toBe('Authentication — who is asking?');
  });
});

describe('a learner whose server restarted', () => {
  it('acts as before: a new session is opened, their code re-sent, and they are told the sample data was reset', async () => {
    await openEditor(page);
    const port = Number(new URL(gudang.url).port);
    await gudang.close();
    gudang = await startTestGudang({ lessonsDir: COURSE_LESSONS, port }, WEB_DIR);
    // As on a loaded machine: the new session's trace stream opens after its first answer came.
    const lateStream = /\/api\/sessions\/[^/]+\/events/;
    await page.route(lateStream, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue();
    });

    await send(/My account without a token/, '401');
    // Their requireUser, not the starter's: the edited code reached the new session.
    expect(await page.getByTestId('response-body').textContent()).toContain('who are you?');
    await expect.poll(() => page.locator('.notice').textContent()).toContain('your code was kept, the sample data was reset');
    await expect.poll(() => page.getByTestId('current-trace').textContent(), { timeout: 10_000 }).toContain('GET /api/me → 401');
    await page.unroute(lateStream);
    await shot('08-session-renewed');
    await page.locator('.notice').getByRole('button', { name: 'Dismiss' }).click();
    const checks = await runChecks();
    await expect.poll(() => checks.getByRole('status').textContent()).toMatch(/^5\/5 passed/);
  });
});

describe('a learner who starts a lesson over', () => {
  it('resets lesson 1 after changing its code and data: the starter code and the sample data come back', async () => {
    await page.getByRole('tab', { name: 'Lesson' }).click();
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await pickLesson('01-first-request', 'What is a backend? Your first request');
    // Another lesson's code is another document: shown from its top, and Undo cannot bring lesson 6 back into it.
    await expect.poll(visibleCode).toContain(STARTER_1[0]);
    await focusEditor(page);
    await page.keyboard.press('Control+z');
    await nextFrames();
    expect(await visibleCode()).not.toContain('requireUser');
    expect(await page.getByTestId('save-state').textContent()).toContain('Saved');
    await typeInEditorAtEnd(page, "\napp.get('/api/hello', (req, res) => res.json({ hello: 'dunia' }));");
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('Saved');
    await page.locator('#request-path').fill('/api/hello');
    await sendRequest('200');
    expect(await page.getByTestId('response-body').textContent()).toContain('"hello": "dunia"');
    await send(/Add a product/, '201');
    await page.getByRole('tab', { name: 'Database' }).click();
    await expect.poll(() => page.getByTestId('database').textContent()).toContain('Keripik Tempe');

    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Reset lesson' }).click();
    await expect.poll(() => question).toContain('Your code goes back to the starter code and the sample data is restored');
    await expect.poll(() => page.getByTestId('database').textContent()).not.toContain('Keripik Tempe');
    expect(await page.getByTestId('database').textContent()).toContain('Kopi Gayo');
    await expect.poll(visibleCode).not.toContain('/api/hello');
    expect(await page.getByTestId('save-state').textContent()).toContain('Saved');
    // A reset is an edit (Undo can take it back), so the editor stays where it was: the learner goes to the top.
    await focusEditor(page);
    await page.keyboard.press('Control+Home');
    await expect.poll(visibleCode).toContain(STARTER_1[0]);
    await page.locator('#request-path').fill('/api/hello');
    await sendRequest('404');
    await shot('09-reset');
  });
});
