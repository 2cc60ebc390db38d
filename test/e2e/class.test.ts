import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gudang } from '../../server/gudang.js';
import { SHOTS } from '../helpers/app-in-browser.js';
import { launchContexts } from '../helpers/browser.js';
import { axeViolations } from '../helpers/browser-page.js';
import { COURSE_LESSONS, startTestGudang, WEB_DIR } from '../helpers/gudang-under-test.js';

/**
 * A class, as #16 shows it: a teacher creates one at /teach, two students join from the start page
 * in their own browsers, one passes lesson 2's checks, and the teacher's table shows it live with
 * the other student grouped under the check they fail; a cell opens a student's work read-only.
 */

const LESSON = '02-routes-and-logic';
let gudang: Gudang;
let browser: Awaited<ReturnType<typeof launchContexts>>;
let teacher: Page;
let ani: Page;
let budi: Page;
let code: string;

async function pageIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

async function noAxeViolations(page: Page, selector: string, what: string) {
  const problems = await axeViolations(page, selector);
  expect(problems, `${what}:\n${problems.join('\n')}`).toEqual([]);
}

/** Clicks into a field by its label and types, key by key. */
async function typeInto(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.type(text);
}

const cell = (student: string, lessonId = LESSON) => teacher.locator(`tr[data-student="${student}"] td[data-lesson="${lessonId}"]`);
const rowNames = () => teacher.locator('[data-testid="class-table"] tbody th').allTextContents();

async function joinAs(page: Page, name: string, { audit = false } = {}) {
  await page.goto(gudang.url);
  await page.getByRole('button', { name: 'Join a class' }).click();
  // The form takes the focus when it opens: the code is typed straight away.
  await page.keyboard.type(code.toLowerCase());
  await page.keyboard.press('Tab');
  await page.keyboard.type(name);
  if (audit) {
    await page.screenshot({ path: `${SHOTS}/class-join.png` });
    await noAxeViolations(page, '.app-header', 'the join form on the learner’s page');
  }
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('joined-class').textContent()).toContain(`(${code}) · ${name}`);
  await page.getByTestId('lesson-picker').selectOption(LESSON);
  await expect.poll(() => page.getByTestId('lesson').locator('h1').textContent()).toBe('Routes and business logic');
  await expect.poll(() => page.locator('.request-line button[type="submit"]').isEnabled()).toBe(true);
}

async function runChecks(page: Page) {
  await page.getByTestId('check-button').click();
  const checks = page.getByTestId('checks');
  await expect.poll(() => checks.getByRole('status').textContent(), { timeout: 20_000 }).toMatch(/^\d+\/\d+ passed/);
  return (await checks.getByRole('status').textContent())!;
}

beforeAll(async () => {
  gudang = await startTestGudang({ lessonsDir: COURSE_LESSONS }, WEB_DIR);
  browser = await launchContexts(3);
  [teacher, ani, budi] = await Promise.all(browser.contexts.map(pageIn));
});

afterAll(async () => {
  await browser?.close();
  await gudang?.close();
});

describe('a class', () => {
  it('is created by a teacher at /teach, with a password, and gets a short code', async () => {
    await teacher.goto(`${gudang.url}/teach`);
    await teacher.getByTestId('create-class').waitFor();
    await noAxeViolations(teacher, '.teach', 'the teacher’s forms');
    await typeInto(teacher, 'Class name', 'Kelas 7B');
    await teacher.keyboard.press('Tab');
    await teacher.keyboard.type('rahasia-guru');
    await teacher.keyboard.press('Enter');
    await expect.poll(() => teacher.getByTestId('class-code').textContent()).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    code = (await teacher.getByTestId('class-code').textContent())!;
    expect(new URL(teacher.url()).pathname).toBe(`/teach/${code}`);
    await expect.poll(() => teacher.getByTestId('connection').textContent()).toContain('Live');
    expect(await teacher.getByText('No student has joined yet.').count()).toBe(1);
  });

  it('is joined by two students in their own browsers, with the code and a name', async () => {
    await joinAs(ani, 'Ani', { audit: true });
    await joinAs(budi, 'Budi');
    // The teacher's page was not reloaded: the table came over its stream.
    await expect.poll(rowNames, { timeout: 10_000 }).toEqual(['Ani', 'Budi']);
    expect(await cell('Ani').textContent()).toContain('trying');
  });

  it('shows live that one student passed lesson 2, and groups the other under the check they fail', async () => {
    await ani.getByRole('button', { name: 'Show solution' }).click();
    const dialog = ani.getByRole('dialog', { name: 'Solution' });
    await dialog.getByRole('button', { name: 'Use the solution' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => ani.getByTestId('save-state').textContent()).toContain('Saved');
    const aniResult = await runChecks(ani);
    const [, passed, total] = /^(\d+)\/(\d+)/.exec(aniResult)!;
    expect(passed).toBe(total);

    const budiResult = await runChecks(budi);
    expect(budiResult).not.toMatch(new RegExp(`^${total}/${total}`));
    const firstFailing = (await budi.getByTestId('checks').locator('li.is-failed strong').first().textContent())!;

    await expect.poll(() => cell('Ani').textContent(), { timeout: 10_000 }).toBe(`✓ done ${total}/${total}`);
    await expect.poll(() => cell('Budi').textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^● trying \\d+/${total}$`));
    const stuck = teacher.getByTestId('stuck').locator(`[data-lesson="${LESSON}"]`);
    // One explanation for the group: Budi is under the first check his latest run fails.
    await expect.poll(() => stuck.getByTestId('stuck-group').allTextContents()).toEqual([`${firstFailing}: Budi`]);
    expect(await stuck.getByTestId('most-failing').textContent()).toMatch(/^Fails most often: .+ \(1 student\)$/);
    await teacher.screenshot({ path: `${SHOTS}/class-table.png`, fullPage: true });
  });

  it('shows live how many of a student’s predictions were right', async () => {
    // Lesson 2 does not start in predict mode: Ani turns it on, predicts the handler alone, and is right.
    await ani.getByLabel('Predict first').check();
    await ani.locator('.request-line button[type="submit"]').click();
    const dialog = ani.getByTestId('predict-dialog');
    await dialog.waitFor();
    await dialog.getByRole('checkbox', { name: 'Route handler' }).click();
    await dialog.getByRole('button', { name: 'Watch' }).click();
    await dialog.waitFor({ state: 'detached' });
    const predictions = (name: string) => teacher.locator(`tr[data-student="${name}"]`).getByTestId('predictions-right');
    await expect.poll(() => predictions('Ani').textContent(), { timeout: 10_000 }).toBe('1/1');
    expect(await predictions('Budi').textContent()).toBe('—');
    expect(await cell('Ani').getByRole('button').getAttribute('aria-label')).toContain('predictions right 1/1');
    await ani.getByLabel('Predict first').uncheck();
  });

  it('sorts by keyboard and by mouse', async () => {
    const lessonHeader = teacher.getByRole('button', { name: /^Sort by 2\. / });
    await lessonHeader.focus();
    await teacher.keyboard.press('Enter');
    expect(await rowNames()).toEqual(['Ani', 'Budi']);
    expect(await teacher.locator('th[aria-sort="descending"]').count()).toBe(1);
    await teacher.keyboard.press('Enter');
    expect(await rowNames()).toEqual(['Budi', 'Ani']);
    expect(await teacher.locator('th[aria-sort="ascending"]').getAttribute('title')).toMatch(/^2\. /);
    await teacher.getByRole('button', { name: 'Sort by Student' }).click();
    expect(await rowNames()).toEqual(['Ani', 'Budi']);
    await teacher.getByRole('button', { name: 'Sort by Student' }).click();
    expect(await rowNames()).toEqual(['Budi', 'Ani']);
  });

  it('opens a student’s latest code and traces read-only, with the flow and the stepper working', async () => {
    await cell('Ani').getByRole('button').click();
    const work = teacher.getByTestId('student-work');
    await expect.poll(() => work.locator('#student-work-title').textContent()).toContain('Work of Ani: 2. Routes and business logic');
    await expect.poll(() => work.getByTestId('student-code').textContent()).toContain('/api/quote');
    expect(await work.getByTestId('trace-list').locator('li').count()).toBeGreaterThan(0);
    const position = work.getByTestId('step-position');
    await expect.poll(() => position.textContent()).toMatch(/^(\d+) \/ \1$/);
    const steps = Number((await position.textContent())!.split(' / ')[1]);
    expect(steps).toBeGreaterThan(2);
    await teacher.keyboard.press('Home');
    await expect.poll(() => position.textContent()).toBe(`1 / ${steps}`);
    await teacher.keyboard.press('ArrowRight');
    await expect.poll(() => position.textContent()).toBe(`2 / ${steps}`);
    await work.getByRole('button', { name: 'Next step' }).click();
    await expect.poll(() => position.textContent()).toBe(`3 / ${steps}`);
    expect(await work.locator('.react-flow__node').count()).toBeGreaterThan(2);
    await teacher.screenshot({ path: `${SHOTS}/class-student-work.png`, fullPage: true });
    await noAxeViolations(teacher, '.teach', 'the class table, where it is stuck, and a student’s work');
    await work.getByRole('button', { name: 'Close' }).click();
    await work.waitFor({ state: 'hidden' });
    // The keyboard goes on from the cell that opened it.
    expect(await teacher.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toMatch(new RegExp(`/${LESSON}$`));
  });

  it('keeps an open student’s work up to date as they go on, and closes it with Escape', async () => {
    await cell('Budi').getByRole('button').focus();
    await teacher.keyboard.press('Enter');
    const work = teacher.getByTestId('student-work');
    await expect.poll(() => work.locator('#student-work-title').textContent()).toContain('Work of Budi');
    const newest = () => work.getByTestId('trace-list').locator('li').first().textContent();
    await expect.poll(newest).toBeTruthy();
    const before = await newest();
    await runChecks(budi);
    await expect.poll(newest, { timeout: 10_000 }).not.toBe(before);
    await teacher.keyboard.press('Escape');
    await work.waitFor({ state: 'hidden' });
    expect(await teacher.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toMatch(/\//);
  });

  it('exports the table as CSV', async () => {
    const href = await teacher.getByTestId('csv-link').getAttribute('href');
    const csv = await teacher.context().request.get(`${gudang.url}${href}`);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    const column = lines[0]!.split(',').indexOf(LESSON);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['Ani', 'Budi']);
    expect(lines[1]!.split(',')[column]).toMatch(/^done (\d+)\/\1$/);
    expect(lines[2]!.split(',')[column]).toMatch(/^trying \d+\/\d+$/);
  });

  it('speaks Bahasa Indonesia too, and stays axe-clean in it', async () => {
    await teacher.getByRole('button', { name: 'Language: Bahasa Indonesia' }).click();
    await expect.poll(() => teacher.getByTestId('csv-link').textContent()).toBe('Ekspor sebagai CSV');
    expect(await cell('Ani').textContent()).toMatch(/^✓ selesai \d+\/\d+$/);
    expect(await teacher.getByTestId('stuck').locator('h2').textContent()).toBe('Di mana kelas tersangkut');
    await noAxeViolations(teacher, '.teach', 'the teacher’s page in Indonesian');
    await teacher.getByRole('button', { name: 'Bahasa: English' }).click();
    await expect.poll(() => teacher.getByTestId('csv-link').textContent()).toBe('Export as CSV');
  });

  it('is opened again by its teacher in a new browser with the code and the password', async () => {
    const other = await browser.contexts[0]!.browser()!.newContext();
    try {
      const page = await pageIn(other);
      await page.goto(`${gudang.url}/teach/${code}`);
      await page.getByTestId('login-class').waitFor();
      expect(await page.getByLabel('Class code', { exact: true }).inputValue()).toBe(code);
      const login = page.getByTestId('login-class');
      await login.getByLabel('Password').click();
      await page.keyboard.type('not-the-password');
      await page.keyboard.press('Enter');
      await expect.poll(() => login.getByRole('alert').textContent()).toBe('Wrong class code or password.');
      await page.keyboard.press('Control+a');
      await page.keyboard.type('rahasia-guru');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('[data-testid="class-table"] tbody th').allTextContents()).toEqual(['Ani', 'Budi']);
    } finally {
      await other.close();
    }
  });
});
