import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { STORE_TABLES, type ClassRecord, type DataStore, type ProgressRecord, type SessionRecord, type StoreTable, type StoredTraceRecord, type StudentRecord } from './data-store.js';
import { loadMigrations, MIGRATIONS_TABLE } from './migrations.js';
import { classFromRow, progressFromRow, sessionFromRow, studentFromRow, type Row } from './rows.js';

/**
 * The embedded store: one SQLite file (or `:memory:` for tests). better-sqlite3 is synchronous;
 * a statement here takes microseconds, so it runs on the main thread like the rest of a request.
 */
export class SqliteStore implements DataStore {
  readonly engine = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // WAL with NORMAL survives a crash of the process (not of the machine) without an fsync per write.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate() {
    this.db.exec(MIGRATIONS_TABLE);
    const applied = new Set(
      this.db
        .prepare('SELECT version FROM schema_migrations')
        .all()
        .map((r) => (r as { version: number }).version),
    );
    for (const migration of loadMigrations('sqlite')) {
      if (applied.has(migration.version)) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, Date.now());
      })();
    }
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.db.prepare(sql).all(...params) as Row[];
  }

  private one(sql: string, ...params: unknown[]): Row | undefined {
    return this.db.prepare(sql).get(...params) as Row | undefined;
  }

  async createClass(c: ClassRecord) {
    try {
      this.db.prepare('INSERT INTO classes (id, code, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(c.id, c.code, c.name, c.passwordHash, c.createdAt);
      return 'created' as const;
    } catch (error) {
      if (isUniqueViolation(error)) return 'code_taken' as const;
      throw error;
    }
  }

  async classByCode(code: string) {
    const row = this.one('SELECT * FROM classes WHERE code = ?', code);
    return row && classFromRow(row);
  }

  async classById(classId: string) {
    const row = this.one('SELECT * FROM classes WHERE id = ?', classId);
    return row && classFromRow(row);
  }

  async deleteClass(classId: string) {
    this.db.prepare('DELETE FROM classes WHERE id = ?').run(classId);
  }

  async addTeacherLogin(tokenHash: string, classId: string, at: number) {
    this.db.prepare('INSERT INTO teacher_logins (token_hash, class_id, created_at) VALUES (?, ?, ?)').run(tokenHash, classId, at);
  }

  async classOfTeacherLogin(tokenHash: string) {
    return this.one('SELECT class_id FROM teacher_logins WHERE token_hash = ?', tokenHash)?.class_id as string | undefined;
  }

  async addStudent(s: StudentRecord & { tokenHash: string }) {
    try {
      this.db.prepare('INSERT INTO students (id, class_id, display_name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(s.id, s.classId, s.displayName, s.tokenHash, s.createdAt);
      return 'created' as const;
    } catch (error) {
      if (isUniqueViolation(error)) return 'name_taken' as const;
      throw error;
    }
  }

  async studentByToken(tokenHash: string) {
    const row = this.one('SELECT * FROM students WHERE token_hash = ?', tokenHash);
    return row && studentFromRow(row);
  }

  async studentsOfClass(classId: string) {
    return this.all('SELECT * FROM students WHERE class_id = ? ORDER BY created_at, id', classId).map(studentFromRow);
  }

  async saveProgress(p: ProgressRecord) {
    this.db
      .prepare(
        `INSERT INTO progress (student_id, lesson_id, checks_passed, checks_total, failing_checks, done_at, last_activity_at, predictions_right, predictions_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (student_id, lesson_id) DO UPDATE SET checks_passed = excluded.checks_passed, checks_total = excluded.checks_total,
           failing_checks = excluded.failing_checks, done_at = excluded.done_at, last_activity_at = excluded.last_activity_at,
           predictions_right = excluded.predictions_right, predictions_total = excluded.predictions_total`,
      )
      .run(p.studentId, p.lessonId, p.checksPassed, p.checksTotal, JSON.stringify(p.failingChecks), p.doneAt, p.lastActivityAt, p.predictions?.right ?? 0, p.predictions?.total ?? 0);
  }

  async progressOfStudent(studentId: string) {
    return this.all('SELECT * FROM progress WHERE student_id = ? ORDER BY lesson_id', studentId).map(progressFromRow);
  }

  async progressOfClass(classId: string) {
    return this.all('SELECT p.* FROM progress p JOIN students s ON s.id = p.student_id WHERE s.class_id = ? ORDER BY p.student_id, p.lesson_id', classId).map(progressFromRow);
  }

  async saveSession(s: Omit<SessionRecord, 'dbImage' | 'imageSavedAt' | 'pendingSince'>) {
    this.db
      .prepare(
        `INSERT INTO sessions (id, student_id, lesson_id, code, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET code = excluded.code, last_seen_at = excluded.last_seen_at`,
      )
      .run(s.id, s.studentId, s.lessonId, s.code, s.lastSeenAt, s.createdAt);
  }

  async saveImage(sessionId: string, dbImage: Uint8Array | null, at: number) {
    this.db
      .prepare('UPDATE sessions SET db_image = ?, image_saved_at = ?, pending_since = NULL, last_seen_at = ? WHERE id = ?')
      .run(dbImage && Buffer.from(dbImage.buffer, dbImage.byteOffset, dbImage.byteLength), at, at, sessionId);
  }

  async markPending(sessionId: string, since: number) {
    this.db.prepare('UPDATE sessions SET pending_since = ? WHERE id = ? AND pending_since IS NULL').run(since, sessionId);
  }

  async loadSession(sessionId: string) {
    const row = this.one('SELECT * FROM sessions WHERE id = ?', sessionId);
    return row && sessionFromRow(row);
  }

  async sessionOfStudent(studentId: string, lessonId: string) {
    const row = this.one('SELECT * FROM sessions WHERE student_id = ? AND lesson_id = ?', studentId, lessonId);
    return row && sessionFromRow(row);
  }

  async saveTrace(sessionId: string, t: StoredTraceRecord, keep: number) {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO traces (session_id, trace_id, recorded_at, json) VALUES (?, ?, ?, ?) ON CONFLICT (session_id, trace_id) DO NOTHING').run(sessionId, t.traceId, t.recordedAt, t.json);
      this.db.prepare('DELETE FROM traces WHERE session_id = ? AND seq NOT IN (SELECT seq FROM traces WHERE session_id = ? ORDER BY seq DESC LIMIT ?)').run(sessionId, sessionId, keep);
    })();
  }

  async tracesOfSession(sessionId: string) {
    return this.all('SELECT json FROM traces WHERE session_id = ? ORDER BY seq DESC', sessionId).map((r) => String(r.json));
  }

  async deleteAnonymousSessionsBefore(before: number) {
    return this.db.prepare('DELETE FROM sessions WHERE student_id IS NULL AND last_seen_at < ?').run(before).changes;
  }

  async counts() {
    const counts = {} as Record<StoreTable, number>;
    for (const table of STORE_TABLES) counts[table] = (this.one(`SELECT count(*) AS n FROM ${table}`)!.n as number) ?? 0;
    return counts;
  }

  /** A consistent copy of the file as it is now (what a crash at this moment would leave). */
  async backup(file: string): Promise<void> {
    await this.db.backup(file);
  }

  async close() {
    if (this.db.open) this.db.close();
  }
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' || (error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
