/**
 * Classes through the HTTP API: a teacher creates one, students join and work, the teacher reads
 * who is stuck; and nobody reads what is not theirs.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReportSchema, solutionSchema } from '../../../server/contract/checks.js';
import { classTableSchema, meSchema, studentWorkSchema } from '../../../server/contract/classes.js';
import type { Gudang } from '../../../server/gudang.js';
import { STORED_TRACES } from '../../../server/sessions/session-store.js';
import { call, COURSE_LESSONS, startTestGudang } from '../../helpers/gudang-under-test.js';

const LESSON = '02-routes-and-logic';
let gudang: Gudang;

beforeAll(async () => {
  gudang = await startTestGudang({ lessonsDir: COURSE_LESSONS });
});
afterAll(() => gudang.close());

/** The `name=value` of a Set-Cookie answer, and its attributes as written. */
function cookieFrom(headers: Headers, name: string): { pair: string; attributes: string } {
  const line = headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie in ${headers.getSetCookie().join(' | ')}`);
  const [pair, ...attributes] = line.split(';');
  return { pair: pair!, attributes: attributes.join(';') };
}

async function newClass(name = 'Kelas 7B', password = 'rahasia-guru') {
  const res = await call(gudang.url, 'POST', '/api/classes', { name, password });
  expect(res.status).toBe(201);
  const code = res.json.code as string;
  return { code, teacher: cookieFrom(res.headers, `gudang_teacher_${code}`).pair, res };
}

async function join(code: string, displayName: string) {
  const res = await call(gudang.url, 'POST', `/api/classes/${code}/students`, { displayName });
  expect(res.status, res.text).toBe(201);
  return { id: res.json.id as string, cookie: cookieFrom(res.headers, 'gudang_student').pair, res };
}

const as = (cookie: string) => ({ cookie });

async function studentSession(cookie: string, lessonId = LESSON) {
  const res = await call(gudang.url, 'POST', '/api/sessions', { lessonId }, as(cookie));
  expect(res.status).toBe(201);
  return res.json as { sessionId: string; code: string };
}

async function table(code: string, teacher: string) {
  const res = await call(gudang.url, 'GET', `/api/classes/${code}/table`, undefined, as(teacher));
  expect(res.status).toBe(200);
  return classTableSchema.parse(res.json);
}

describe('a teacher and a class', () => {
  it('creates a class with a 6-character code and a teacher cookie that scripts cannot read and other sites cannot send', async () => {
    const { code, res } = await newClass();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(res.json).toEqual({ code, name: 'Kelas 7B' });
    const { attributes } = cookieFrom(res.headers, `gudang_teacher_${code}`);
    expect(attributes).toMatch(/HttpOnly/i);
    expect(attributes).toMatch(/SameSite=Strict/i);
    expect(attributes).toContain(`Path=/api/classes/${code}`);
  });

  it('stores the password as a scrypt hash, never as typed', async () => {
    const { code } = await newClass('Hash check', 'kata-sandi-panjang');
    const stored = await gudang.store.classByCode(code);
    expect(stored!.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(stored!.passwordHash).not.toContain('kata-sandi-panjang');
  });

  it('answers 400 naming the field for a bad body', async () => {
    expect((await call(gudang.url, 'POST', '/api/classes', { name: 'x', password: 'short' })).json).toMatchObject({ field: 'password' });
    expect((await call(gudang.url, 'POST', '/api/classes', { password: 'long enough' })).json).toMatchObject({ field: 'name' });
    expect((await call(gudang.url, 'POST', '/api/classes', '[1,2')).status).toBe(400);
  });

  it('logs the teacher in again with the password, and rate-limits wrong ones (429 with Retry-After, even for the right one then)', async () => {
    const { code } = await newClass('Login', 'benar-sekali');
    const ok = await call(gudang.url, 'POST', `/api/classes/${code.toLowerCase()}/login`, { password: 'benar-sekali' });
    expect(ok.status).toBe(200);
    const teacher = cookieFrom(ok.headers, `gudang_teacher_${code}`).pair;
    expect((await call(gudang.url, 'GET', `/api/classes/${code}`, undefined, as(teacher))).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await call(gudang.url, 'POST', `/api/classes/${code}/login`, { password: `salah-${i}` })).status).toBe(401);
    const limited = await call(gudang.url, 'POST', `/api/classes/${code}/login`, { password: 'benar-sekali' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.json.error).toMatch(/too many wrong passwords/);
  });
});

describe('students', () => {
  it('join with the class code and a name, and get an HttpOnly SameSite=Strict student cookie', async () => {
    const { code } = await newClass();
    const { res, cookie } = await join(code, 'Budi');
    expect(res.json).toMatchObject({ displayName: 'Budi', class: { code, name: 'Kelas 7B' } });
    const { attributes } = cookieFrom(res.headers, 'gudang_student');
    expect(attributes).toMatch(/HttpOnly/i);
    expect(attributes).toMatch(/SameSite=Strict/i);
    const me = meSchema.parse((await call(gudang.url, 'GET', '/api/me', undefined, as(cookie))).json);
    expect(me.student).toMatchObject({ displayName: 'Budi', class: { code } });
  });

  it('are refused with a clear answer: unknown code 404, a taken name 409, an empty or control-character name 400', async () => {
    const { code } = await newClass();
    await join(code, 'Siti');
    expect((await call(gudang.url, 'POST', `/api/classes/${code}/students`, { displayName: 'Siti' })).status).toBe(409);
    expect((await call(gudang.url, 'POST', '/api/classes/ZZZZZZ/students', { displayName: 'Ani' })).status).toBe(404);
    expect((await call(gudang.url, 'POST', `/api/classes/${code}/students`, { displayName: '  ' })).json).toMatchObject({ field: 'displayName' });
    expect((await call(gudang.url, 'POST', `/api/classes/${code}/students`, { displayName: 'A\u0000B' })).status).toBe(400);
  });

  it('without a class work as before: each POST /api/sessions is a new session, /api/me says no student', async () => {
    const a = await call(gudang.url, 'POST', '/api/sessions', { lessonId: LESSON });
    const b = await call(gudang.url, 'POST', '/api/sessions', { lessonId: LESSON });
    expect(a.json.sessionId).not.toBe(b.json.sessionId);
    expect((await call(gudang.url, 'GET', `/api/sessions/${a.json.sessionId}/traces`)).status).toBe(200);
    expect((await call(gudang.url, 'GET', '/api/me')).json).toEqual({ student: null, progress: {} });
  });

  it('come back to their own session on a lesson, with their code and their data', async () => {
    const { code } = await newClass();
    const { cookie } = await join(code, 'Rina');
    const first = await studentSession(cookie);
    const edited = `${first.code}\n// mine`;
    expect((await call(gudang.url, 'PUT', `/api/sessions/${first.sessionId}/code`, { code: edited }, as(cookie))).status).toBe(200);
    const again = await studentSession(cookie);
    expect(again).toMatchObject({ sessionId: first.sessionId, code: edited });
  });
});

describe('the class table', () => {
  it('counts a student’s predictions on a lesson (right, of how many) for the teacher, forgets them when the lesson is reset, and keeps nobody else’s', async () => {
    const { code, teacher } = await newClass('Tebakan', 'rahasia-guru');
    const ani = await join(code, 'Ani');
    await join(code, 'Budi');
    const { sessionId } = await studentSession(ani.cookie);
    const predict = (answers: unknown, cookie?: string, id = sessionId) => call(gudang.url, 'POST', `/api/sessions/${id}/predictions`, answers, cookie ? as(cookie) : {});
    expect((await predict({ right: 1, total: 2 }, ani.cookie)).json).toEqual({ kept: true });
    expect((await predict({ right: 1, total: 1 }, ani.cookie)).json).toEqual({ kept: true });
    const counted = await table(code, teacher);
    const row = (t: typeof counted, name: string) => t.students.find((s) => s.displayName === name)!;
    expect(row(counted, 'Ani').lessons[LESSON]!.predictions).toEqual({ right: 2, total: 3 });
    expect(row(counted, 'Budi').lessons[LESSON]!.predictions).toBeUndefined();

    // Checked by its schema: never more right than given, a whole number, at most 10 at once, nothing else.
    for (const bad of [
      { right: 2, total: 1 },
      { right: 0.5, total: 1 },
      { right: 0, total: 0 },
      { right: 1, total: 11 },
      { right: 1, total: 1, student: 'Budi' },
    ]) {
      const refused = await predict(bad, ani.cookie);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
    }
    // Only the student's own browser may count on their session.
    expect((await predict({ right: 1, total: 1 })).status).toBe(403);

    expect((await call(gudang.url, 'POST', `/api/sessions/${sessionId}/reset`, undefined, as(ani.cookie))).status).toBe(200);
    expect(row(await table(code, teacher), 'Ani').lessons[LESSON]!.predictions).toBeUndefined();

    // A learner of no class: answered, not kept.
    const anonymous = await call(gudang.url, 'POST', '/api/sessions', { lessonId: LESSON });
    expect((await predict({ right: 1, total: 1 }, undefined, anonymous.json.sessionId)).json).toEqual({ kept: false });
  });

  it('shows students × lessons (not started / trying / done, checks passing, last activity), the most-failing check and students grouped by it, as JSON, CSV and a live stream', async () => {
    const { code, teacher } = await newClass('Kelas tabel');
    const done = await join(code, 'Ani');
    const stuck = await join(code, 'Dewi');
    await join(code, '=cmd|calc');
    const stream = classEvents(`${gudang.url}/api/classes/${code}/events`, teacher);
    const firstTable = await stream.next();
    expect(firstTable.students.map((s) => s.displayName)).toEqual(['Ani', 'Dewi', '=cmd|calc']);
    expect(firstTable.students.every((s) => Object.values(s.lessons).every((l) => l.status === 'not_started'))).toBe(true);

    const doneSession = await studentSession(done.cookie);
    const solution = solutionSchema.parse((await call(gudang.url, 'GET', `/api/sessions/${doneSession.sessionId}/solution`, undefined, as(done.cookie))).json);
    expect((await call(gudang.url, 'PUT', `/api/sessions/${doneSession.sessionId}/code`, { code: solution.code }, as(done.cookie))).status).toBe(200);
    const passed = checkReportSchema.parse((await call(gudang.url, 'POST', `/api/sessions/${doneSession.sessionId}/checks`, undefined, as(done.cookie))).json);
    expect(passed.passed).toBe(passed.total);

    const stuckSession = await studentSession(stuck.cookie);
    const failed = checkReportSchema.parse((await call(gudang.url, 'POST', `/api/sessions/${stuckSession.sessionId}/checks`, undefined, as(stuck.cookie))).json);
    expect(failed.passed).toBeLessThan(failed.total);
    const firstFailing = failed.results.find((r) => !r.passed)!.id;

    // The stream pushes the table as it changes; wait for the one with both check runs.
    const live = await stream.until((t) => t.students[1]!.lessons[LESSON]!.checksTotal !== null && t.students[0]!.lessons[LESSON]!.status === 'done');
    stream.close();
    const current = await table(code, teacher);
    expect(live).toEqual(current);
    const [ani, dewi, third] = current.students;
    expect(ani!.lessons[LESSON]).toMatchObject({ status: 'done', checksPassed: passed.total, checksTotal: passed.total, failingChecks: [] });
    expect(dewi!.lessons[LESSON]).toMatchObject({ status: 'trying', checksPassed: failed.passed, checksTotal: failed.total });
    expect(dewi!.lastActivityAt).toBeGreaterThan(Date.now() - 60_000);
    expect(third!.lessons[LESSON]!.status).toBe('not_started');
    const lesson = current.stuck.find((s) => s.lessonId === LESSON)!;
    expect(lesson.mostFailing).toEqual({ checkId: firstFailing, students: 1 });
    expect(lesson.groups).toEqual([{ checkId: firstFailing, studentIds: [stuck.id] }]);
    expect(current.lessons.find((l) => l.id === LESSON)!.checks.map((c) => c.id)).toEqual(failed.results.map((r) => r.id));

    const csv = await call(gudang.url, 'GET', `/api/classes/${code}/table.csv`, undefined, as(teacher));
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain(`gudang-${code}.csv`);
    const lines = csv.text.trimEnd().split('\r\n');
    const column = lines[0]!.split(',').indexOf(LESSON);
    expect(lines[1]!.split(',')[column]).toBe(`done ${passed.total}/${passed.total}`);
    expect(lines[2]!.split(',')[column]).toBe(`trying ${failed.passed}/${failed.total}`);
    // A name that a spreadsheet would run as a formula is written as text.
    expect(lines[3]!.startsWith(`"'=cmd|calc"`)).toBe(true);

    const sent = await call(gudang.url, 'GET', `/sandbox/${doneSession.sessionId}/`);
    expect(sent.status).toBeLessThan(500);
    const work = await call(gudang.url, 'GET', `/api/classes/${code}/students/${done.id}/lessons/${LESSON}`, undefined, as(teacher));
    const { code: latestCode, traces } = studentWorkSchema.parse(work.json);
    expect(latestCode).toBe(solution.code);
    // The newest first: the request just sent, then what the checks and start-ups recorded.
    expect(traces[0]).toMatchObject({ sessionId: doneSession.sessionId, method: 'GET', url: '/', origin: 'learner' });
    expect(traces.length).toBeGreaterThan(1);
    expect(traces.length).toBeLessThanOrEqual(STORED_TRACES);
    const never = await call(gudang.url, 'GET', `/api/classes/${code}/students/${stuck.id}/lessons/01-first-request`, undefined, as(teacher));
    expect(studentWorkSchema.parse(never.json)).toEqual({ code: null, traces: [] });
  });
});

describe('access control', () => {
  it('lets a teacher token open only its own class, on every teacher route (missing 401, wrong or another class’s 403)', async () => {
    const mine = await newClass('Mine');
    const other = await newClass('Other');
    const otherStudent = await join(other.code, 'Tono');
    const routes: [string, string][] = [
      ['GET', `/api/classes/${other.code}`],
      ['GET', `/api/classes/${other.code}/table`],
      ['GET', `/api/classes/${other.code}/table.csv`],
      ['GET', `/api/classes/${other.code}/events`],
      ['GET', `/api/classes/${other.code}/students/${otherStudent.id}/lessons/${LESSON}`],
      ['DELETE', `/api/classes/${other.code}`],
    ];
    // My token, sent under the other class's cookie name (a browser would not, a script might).
    const myToken = mine.teacher.split('=')[1]!;
    const tries = { missing: '', wrong: `gudang_teacher_${other.code}=${'x'.repeat(43)}`, otherClass: `gudang_teacher_${other.code}=${myToken}`, student: otherStudent.cookie };
    for (const [method, path] of routes) {
      for (const [what, cookie] of Object.entries(tries)) {
        const res = await call(gudang.url, method, path, undefined, cookie ? as(cookie) : {});
        expect({ method, path, what, status: res.status }).toEqual({ method, path, what, status: what === 'missing' || what === 'student' ? 401 : 403 });
      }
    }
    // And the class is still there for its own teacher.
    expect((await call(gudang.url, 'GET', `/api/classes/${other.code}/table`, undefined, as(other.teacher))).status).toBe(200);
  });

  it('lets only the student whose session it is use it through the control API', async () => {
    const first = await newClass();
    const second = await newClass();
    const owner = await join(first.code, 'Owner');
    const classmate = await join(first.code, 'Classmate');
    const stranger = await join(second.code, 'Stranger');
    const { sessionId } = await studentSession(owner.cookie);
    await call(gudang.url, 'GET', `/sandbox/${sessionId}/`, undefined, as(owner.cookie));
    const traceId = (await call(gudang.url, 'GET', `/api/sessions/${sessionId}/traces`, undefined, as(owner.cookie))).json.traces[0].id;
    const routes: [string, string, unknown?][] = [
      ['GET', `/api/sessions/${sessionId}`],
      ['PUT', `/api/sessions/${sessionId}/code`, { code: '// taken over' }],
      ['POST', `/api/sessions/${sessionId}/reset`],
      ['GET', `/api/sessions/${sessionId}/database`],
      ['GET', `/api/sessions/${sessionId}/traces`],
      ['GET', `/api/sessions/${sessionId}/traces/${traceId}`],
      ['GET', `/api/sessions/${sessionId}/traces/${traceId}.otlp.json`],
      ['GET', `/api/sessions/${sessionId}/events`],
      ['POST', `/api/sessions/${sessionId}/checks`],
      ['GET', `/api/sessions/${sessionId}/solution`],
    ];
    const tries = { missing: '', wrong: `gudang_student=${'y'.repeat(43)}`, classmate: classmate.cookie, otherClass: stranger.cookie, teacher: first.teacher };
    for (const [method, path, body] of routes) {
      for (const [what, cookie] of Object.entries(tries)) {
        const res = await call(gudang.url, method, path, body, cookie ? as(cookie) : {});
        expect({ method, path, what, status: res.status }).toEqual({ method, path, what, status: 403 });
      }
      if (method === 'GET' && !path.endsWith('/events')) expect((await call(gudang.url, method, path, body, as(owner.cookie))).status).toBe(200);
    }
    expect((await call(gudang.url, 'GET', `/api/sessions/${sessionId}`, undefined, as(owner.cookie))).json.code).not.toContain('taken over');
  });

  it('deleting a class deletes its students, their progress and their sessions from the store, and leaves other classes alone', async () => {
    const gone = await newClass('Gone');
    const kept = await newClass('Kept');
    const before = await gudang.store.counts();
    const sessionIds: string[] = [];
    for (const { code } of [gone, kept]) {
      const student = await join(code, 'Lina');
      const { sessionId } = await studentSession(student.cookie);
      sessionIds.push(sessionId);
      await call(gudang.url, 'POST', `/sandbox/${sessionId}/api/quote`, { items: [{ productId: 1, quantity: 1 }] });
      await call(gudang.url, 'POST', `/api/sessions/${sessionId}/checks`, undefined, as(student.cookie));
    }
    const klass = await gudang.store.classByCode(gone.code);
    const students = await gudang.store.studentsOfClass(klass!.id);
    const sessionOfGone = await gudang.store.sessionOfStudent(students[0]!.id, LESSON);
    expect(sessionOfGone).toBeDefined();
    expect((await call(gudang.url, 'DELETE', `/api/classes/${gone.code}`, undefined, as(gone.teacher))).status).toBe(204);
    const after = await gudang.store.counts();
    const keptTraces = (await gudang.store.tracesOfSession(sessionIds[1]!)).length;
    expect(keptTraces).toBeGreaterThan(0);
    expect(await gudang.store.tracesOfSession(sessionIds[0]!)).toEqual([]);
    // Counted after both classes existed: one class and its login go; of the two students (each with progress, a session and traces), one stays.
    expect(after).toEqual({
      ...before,
      classes: before.classes - 1,
      teacher_logins: before.teacher_logins - 1,
      students: before.students + 1,
      progress: before.progress + 1,
      sessions: before.sessions + 1,
      traces: before.traces + keptTraces,
    });
    expect(await gudang.store.studentsOfClass(klass!.id)).toEqual([]);
    expect(await gudang.store.progressOfClass(klass!.id)).toEqual([]);
    expect(await gudang.store.loadSession(sessionOfGone!.id)).toBeUndefined();
    // The session left memory too: its URL is a 404 now, not someone's leftover data.
    expect((await call(gudang.url, 'GET', `/sandbox/${sessionOfGone!.id}/api/products`)).status).toBe(404);
    expect((await call(gudang.url, 'GET', `/api/classes/${gone.code}/table`, undefined, as(gone.teacher))).status).toBe(403);
    expect((await call(gudang.url, 'GET', `/api/classes/${kept.code}/table`, undefined, as(kept.teacher))).json.students).toHaveLength(1);
  });
});

/** Reads `event: table` messages of a class stream in order. */
function classEvents(url: string, cookie: string) {
  const tables: unknown[] = [];
  let wake = () => {};
  const req = request(url, { headers: { cookie } }, (res) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^event: table\ndata: (.*)$/s.exec(message)?.[1];
        if (data) tables.push(JSON.parse(data));
        wake();
      }
    });
  });
  req.end();
  let read = 0;
  const next = async () => {
    while (read >= tables.length) await new Promise<void>((resolve) => (wake = resolve));
    return classTableSchema.parse(tables[read++]);
  };
  return {
    next,
    async until(ok: (table: ReturnType<typeof classTableSchema.parse>) => boolean) {
      for (;;) {
        const table = await next();
        if (ok(table)) return table;
      }
    },
    close: () => req.destroy(),
  };
}
