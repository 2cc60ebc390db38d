/**
 * One suite, both engines: the embedded SQLite store and the PostgreSQL one against a real,
 * private server on loopback (scripts/lib/postgres.ts starts it; Debian's postgresql).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../../scripts/lib/postgres.js';
import type { DataStore } from '../../../server/store/data-store.js';
import { loadMigrations } from '../../../server/store/migrations.js';
import { openStore, type StoreConfig } from '../../../server/store/open-store.js';

let postgres: TestPostgres;
let sqliteDir: string;
let databases = 0;

beforeAll(async () => {
  postgres = await startTestPostgres();
  console.log(`PostgreSQL for the store suite: started in ${postgres.startSeconds.toFixed(1)} s`);
  sqliteDir = mkdtempSync(join(tmpdir(), 'gudang-sqlite-'));
}, 60_000);

afterAll(async () => {
  await postgres?.stop();
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
});

/** A fresh, empty store of the engine: its own file, or its own PostgreSQL database. */
async function freshConfig(engine: 'sqlite' | 'postgres'): Promise<StoreConfig> {
  const name = `store_${++databases}`;
  return engine === 'sqlite' ? { engine, file: join(sqliteDir, `${name}.sqlite`) } : { engine, url: await postgres.createDatabase(name) };
}

const klass = (code: string, id = `class-${code}`) => ({ id, code, name: `Kelas ${code}`, passwordHash: 'scrypt$test', createdAt: 1_000 });
const student = (id: string, classId: string, displayName: string) => ({ id, classId, displayName, createdAt: 2_000, tokenHash: `hash-${id}` });
const session = (id: string, studentId: string | null, lessonId = '01-first-request') => ({ id, studentId, lessonId, code: `// ${id}`, lastSeenAt: 3_000, createdAt: 3_000 });

describe.each(['sqlite', 'postgres'] as const)('the %s store', (engine) => {
  let store: DataStore;
  beforeAll(async () => {
    store = await openStore(await freshConfig(engine));
  });
  afterAll(() => store?.close());

  it('knows its engine', () => {
    expect(store.engine).toBe(engine);
  });

  it('creates a class once per code, finds it by code, and keeps the password hash as given', async () => {
    expect(await store.createClass(klass('AB12CD'))).toBe('created');
    expect(await store.createClass(klass('AB12CD', 'another-id'))).toBe('code_taken');
    expect(await store.classByCode('AB12CD')).toEqual(klass('AB12CD'));
    expect(await store.classByCode('NOPE00')).toBeUndefined();
    expect(await store.classById('class-AB12CD')).toEqual(klass('AB12CD'));
    expect(await store.classById('another-id')).toBeUndefined();
  });

  it('maps a teacher login token hash to its class', async () => {
    await store.createClass(klass('TEACH1'));
    await store.addTeacherLogin('login-hash', 'class-TEACH1', 5);
    expect(await store.classOfTeacherLogin('login-hash')).toBe('class-TEACH1');
    expect(await store.classOfTeacherLogin('other-hash')).toBeUndefined();
  });

  it('adds students with names unique within a class, and finds one by token hash', async () => {
    await store.createClass(klass('STUD01'));
    await store.createClass(klass('STUD02'));
    expect(await store.addStudent(student('s1', 'class-STUD01', 'Budi'))).toBe('created');
    expect(await store.addStudent(student('s2', 'class-STUD01', 'Budi'))).toBe('name_taken');
    expect(await store.addStudent(student('s3', 'class-STUD02', 'Budi'))).toBe('created');
    expect(await store.addStudent(student('s4', 'class-STUD01', 'Siti'))).toBe('created');
    expect(await store.studentByToken('hash-s1')).toEqual({ id: 's1', classId: 'class-STUD01', displayName: 'Budi', createdAt: 2_000 });
    expect(await store.studentByToken('hash-s2')).toBeUndefined();
    expect((await store.studentsOfClass('class-STUD01')).map((s) => s.displayName)).toEqual(['Budi', 'Siti']);
  });

  it('upserts progress per student and lesson, and lists a class’s progress only', async () => {
    await store.createClass(klass('PROG01'));
    await store.createClass(klass('PROG02'));
    await store.addStudent(student('p1', 'class-PROG01', 'Ani'));
    await store.addStudent(student('p2', 'class-PROG02', 'Dewi'));
    const first = { studentId: 'p1', lessonId: '02-routes', checksPassed: 1, checksTotal: 3, failingChecks: ['b', 'c'], doneAt: null, lastActivityAt: 10 };
    await store.saveProgress(first);
    await store.saveProgress({ ...first, checksPassed: 3, failingChecks: [], doneAt: 20, lastActivityAt: 20 });
    await store.saveProgress({ studentId: 'p2', lessonId: '02-routes', checksPassed: null, checksTotal: null, failingChecks: [], doneAt: null, lastActivityAt: 30 });
    expect(await store.progressOfStudent('p1')).toEqual([{ ...first, checksPassed: 3, failingChecks: [], doneAt: 20, lastActivityAt: 20 }]);
    expect((await store.progressOfClass('class-PROG01')).map((p) => p.studentId)).toEqual(['p1']);
    expect(await store.progressOfClass('class-PROG02')).toEqual([
      { studentId: 'p2', lessonId: '02-routes', checksPassed: null, checksTotal: null, failingChecks: [], doneAt: null, lastActivityAt: 30 },
    ]);
  });

  it('keeps the predictions counted on a lesson, and forgets them when they are taken away (a reset)', async () => {
    await store.createClass(klass('PRED01'));
    await store.addStudent(student('q1', 'class-PRED01', 'Ani'));
    const progress = { studentId: 'q1', lessonId: '06-auth', checksPassed: null, checksTotal: null, failingChecks: [], doneAt: null, lastActivityAt: 5 };
    await store.saveProgress({ ...progress, predictions: { right: 3, total: 5 } });
    expect(await store.progressOfStudent('q1')).toEqual([{ ...progress, predictions: { right: 3, total: 5 } }]);
    await store.saveProgress(progress);
    expect((await store.progressOfClass('class-PRED01'))[0]).toEqual(progress);
    expect((await store.progressOfClass('class-PRED01'))[0]).not.toHaveProperty('predictions');
  });

  it('keeps a session’s code and database image byte for byte, and says when a write was pending', async () => {
    await store.saveSession(session('sess-a', null));
    expect(await store.loadSession('sess-a')).toMatchObject({ id: 'sess-a', studentId: null, code: '// sess-a', dbImage: null, imageSavedAt: null, pendingSince: null });
    const image = new Uint8Array(200_000).map((_, i) => (i * 31) % 256);
    await store.markPending('sess-a', 4_000);
    await store.markPending('sess-a', 4_500);
    expect((await store.loadSession('sess-a'))?.pendingSince).toBe(4_000);
    await store.saveImage('sess-a', image, 5_000);
    await store.saveSession({ ...session('sess-a', null), code: '// edited', lastSeenAt: 6_000 });
    const loaded = await store.loadSession('sess-a');
    expect(loaded).toMatchObject({ code: '// edited', imageSavedAt: 5_000, pendingSince: null, lastSeenAt: 6_000 });
    expect(Buffer.from(loaded!.dbImage!).equals(Buffer.from(image))).toBe(true);
    await store.saveImage('sess-a', null, 7_000);
    expect((await store.loadSession('sess-a'))?.dbImage).toBeNull();
    expect(await store.loadSession('no-such')).toBeUndefined();
  });

  it('has one session per student and lesson, found by both', async () => {
    await store.createClass(klass('SESS01'));
    await store.addStudent(student('ss1', 'class-SESS01', 'Rina'));
    await store.saveSession(session('sess-b', 'ss1', '03-reading'));
    expect((await store.sessionOfStudent('ss1', '03-reading'))?.id).toBe('sess-b');
    expect(await store.sessionOfStudent('ss1', '04-writing')).toBeUndefined();
    await expect(store.saveSession(session('sess-c', 'ss1', '03-reading'))).rejects.toThrow();
  });

  it('keeps a session’s newest traces, newest first, at most as many as asked, and each once', async () => {
    await store.saveSession(session('sess-t', null));
    await store.saveSession(session('sess-u', null));
    const trace = (n: number) => ({ traceId: `t${n}`, recordedAt: 5_000, json: JSON.stringify({ id: `t${n}`, steps: [] }) });
    for (let n = 1; n <= 5; n++) await store.saveTrace('sess-t', trace(n), 3);
    await store.saveTrace('sess-t', trace(5), 3);
    await store.saveTrace('sess-u', trace(9), 3);
    expect(await store.tracesOfSession('sess-t')).toEqual([trace(5).json, trace(4).json, trace(3).json]);
    expect(await store.tracesOfSession('sess-u')).toEqual([trace(9).json]);
    expect(await store.tracesOfSession('no-such')).toEqual([]);
  });

  it('deletes idle sessions of no class, never a student’s', async () => {
    await store.createClass(klass('IDLE01'));
    await store.addStudent(student('i1', 'class-IDLE01', 'Tono'));
    await store.saveSession({ ...session('old-anon', null), lastSeenAt: 100 });
    await store.saveSession({ ...session('old-student', 'i1'), lastSeenAt: 100 });
    await store.saveSession({ ...session('new-anon', null), lastSeenAt: 900_000 });
    expect(await store.deleteAnonymousSessionsBefore(1_000)).toBeGreaterThanOrEqual(1);
    expect(await store.loadSession('old-anon')).toBeUndefined();
    expect(await store.loadSession('old-student')).toBeDefined();
    expect(await store.loadSession('new-anon')).toBeDefined();
  });

  it('deleting a class deletes its logins, students, their progress and sessions, and nothing of another class', async () => {
    const own = await openStore(await freshConfig(engine));
    try {
      for (const code of ['GONE01', 'KEEP01']) {
        await own.createClass(klass(code));
        await own.addTeacherLogin(`login-${code}`, `class-${code}`, 1);
        await own.addStudent(student(`st-${code}`, `class-${code}`, 'Sari'));
        await own.saveProgress({ studentId: `st-${code}`, lessonId: '01', checksPassed: 0, checksTotal: 1, failingChecks: ['x'], doneAt: null, lastActivityAt: 1 });
        await own.saveSession(session(`se-${code}`, `st-${code}`));
        await own.saveTrace(`se-${code}`, { traceId: `tr-${code}`, recordedAt: 1, json: '{}' }, 10);
      }
      await own.saveSession(session('anonymous', null));
      expect(await own.counts()).toEqual({ classes: 2, teacher_logins: 2, students: 2, progress: 2, sessions: 3, traces: 2 });
      await own.deleteClass('class-GONE01');
      expect(await own.counts()).toEqual({ classes: 1, teacher_logins: 1, students: 1, progress: 1, sessions: 2, traces: 1 });
      expect(await own.loadSession('se-GONE01')).toBeUndefined();
      expect(await own.loadSession('se-KEEP01')).toBeDefined();
      expect(await own.classOfTeacherLogin('login-GONE01')).toBeUndefined();
    } finally {
      await own.close();
    }
  });

  it('applies its migrations once, in order, recorded in schema_migrations, also when opened again', async () => {
    const config = await freshConfig(engine);
    await (await openStore(config)).close();
    const reopened = await openStore(config);
    await reopened.close();
    const versions = await appliedVersions(config);
    expect(versions).toEqual(loadMigrations(engine).map((m) => m.version));
  });
});

describe('migrations', () => {
  it('exist for both engines with the same versions and names', () => {
    const names = (engine: 'sqlite' | 'postgres') => loadMigrations(engine).map((m) => `${m.version}-${m.name}`);
    expect(names('sqlite').length).toBeGreaterThan(0);
    expect(names('postgres')).toEqual(names('sqlite'));
  });

  it('refuse a gap in the versions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gudang-migrations-'));
    try {
      mkdirSync(join(dir, 'sqlite'));
      writeFileSync(join(dir, 'sqlite', '001-first.sql'), 'SELECT 1;');
      writeFileSync(join(dir, 'sqlite', '003-third.sql'), 'SELECT 1;');
      expect(() => loadMigrations('sqlite', `${dir}/`)).toThrow(/migration 2 is missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function appliedVersions(config: StoreConfig): Promise<number[]> {
  if (config.engine === 'sqlite') {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(config.file, { readonly: true });
    try {
      return db
        .prepare('SELECT version FROM schema_migrations ORDER BY version')
        .all()
        .map((r) => (r as { version: number }).version);
    } finally {
      db.close();
    }
  }
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  try {
    return (await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => Number(r.version));
  } finally {
    await client.end();
  }
}
