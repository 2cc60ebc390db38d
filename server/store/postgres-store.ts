import pg from 'pg';
import { STORE_TABLES, type ClassRecord, type DataStore, type ProgressRecord, type SessionRecord, type StoreTable, type StoredTraceRecord, type StudentRecord } from './data-store.js';
import { loadMigrations, MIGRATIONS_TABLE } from './migrations.js';
import { classFromRow, progressFromRow, sessionFromRow, studentFromRow, type Row } from './rows.js';

/** BIGINT (times) as numbers: milliseconds since the epoch fit a double exactly. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Any number will do, as long as every Gudang instance uses the same one. */
const MIGRATION_LOCK = 7_734_201;

/**
 * The shared store: several instances behind nginx read and write the same PostgreSQL database,
 * so a session opens on whichever instance nginx picks.
 */
export class PostgresStore implements DataStore {
  readonly engine = 'postgres' as const;
  private readonly pool: pg.Pool;

  private constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 5, types });
    // A dropped idle connection must not take the server down; the next query reconnects.
    this.pool.on('error', (error) => console.warn(`PostgreSQL: ${error.message}`));
  }

  static async open(url: string): Promise<PostgresStore> {
    const store = new PostgresStore(url);
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Instances starting together take turns: one applies, the others find it applied. */
  private async migrate() {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(MIGRATIONS_TABLE);
      const applied = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
      for (const migration of loadMigrations('postgres')) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  private async all(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.pool.query(sql, params)).rows as Row[];
  }

  private async one(sql: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.all(sql, params))[0];
  }

  private async run(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.pool.query(sql, params)).rowCount ?? 0;
  }

  async createClass(c: ClassRecord) {
    const inserted = await this.run('INSERT INTO classes (id, code, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING', [
      c.id,
      c.code,
      c.name,
      c.passwordHash,
      c.createdAt,
    ]);
    return inserted === 1 ? ('created' as const) : ('code_taken' as const);
  }

  async classByCode(code: string) {
    const row = await this.one('SELECT * FROM classes WHERE code = $1', [code]);
    return row && classFromRow(row);
  }

  async classById(classId: string) {
    const row = await this.one('SELECT * FROM classes WHERE id = $1', [classId]);
    return row && classFromRow(row);
  }

  async deleteClass(classId: string) {
    await this.run('DELETE FROM classes WHERE id = $1', [classId]);
  }

  async addTeacherLogin(tokenHash: string, classId: string, at: number) {
    await this.run('INSERT INTO teacher_logins (token_hash, class_id, created_at) VALUES ($1, $2, $3)', [tokenHash, classId, at]);
  }

  async classOfTeacherLogin(tokenHash: string) {
    return (await this.one('SELECT class_id FROM teacher_logins WHERE token_hash = $1', [tokenHash]))?.class_id as string | undefined;
  }

  async addStudent(s: StudentRecord & { tokenHash: string }) {
    const inserted = await this.run('INSERT INTO students (id, class_id, display_name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (class_id, display_name) DO NOTHING', [
      s.id,
      s.classId,
      s.displayName,
      s.tokenHash,
      s.createdAt,
    ]);
    return inserted === 1 ? ('created' as const) : ('name_taken' as const);
  }

  async studentByToken(tokenHash: string) {
    const row = await this.one('SELECT * FROM students WHERE token_hash = $1', [tokenHash]);
    return row && studentFromRow(row);
  }

  async studentsOfClass(classId: string) {
    return (await this.all('SELECT * FROM students WHERE class_id = $1 ORDER BY created_at, id', [classId])).map(studentFromRow);
  }

  async saveProgress(p: ProgressRecord) {
    await this.run(
      `INSERT INTO progress (student_id, lesson_id, checks_passed, checks_total, failing_checks, done_at, last_activity_at, predictions_right, predictions_total) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (student_id, lesson_id) DO UPDATE SET checks_passed = excluded.checks_passed, checks_total = excluded.checks_total,
         failing_checks = excluded.failing_checks, done_at = excluded.done_at, last_activity_at = excluded.last_activity_at,
         predictions_right = excluded.predictions_right, predictions_total = excluded.predictions_total`,
      [p.studentId, p.lessonId, p.checksPassed, p.checksTotal, JSON.stringify(p.failingChecks), p.doneAt, p.lastActivityAt, p.predictions?.right ?? 0, p.predictions?.total ?? 0],
    );
  }

  async progressOfStudent(studentId: string) {
    return (await this.all('SELECT * FROM progress WHERE student_id = $1 ORDER BY lesson_id', [studentId])).map(progressFromRow);
  }

  async progressOfClass(classId: string) {
    return (await this.all('SELECT p.* FROM progress p JOIN students s ON s.id = p.student_id WHERE s.class_id = $1 ORDER BY p.student_id, p.lesson_id', [classId])).map(progressFromRow);
  }

  async saveSession(s: Omit<SessionRecord, 'dbImage' | 'imageSavedAt' | 'pendingSince'>) {
    await this.run(
      `INSERT INTO sessions (id, student_id, lesson_id, code, last_seen_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET code = excluded.code, last_seen_at = excluded.last_seen_at`,
      [s.id, s.studentId, s.lessonId, s.code, s.lastSeenAt, s.createdAt],
    );
  }

  async saveImage(sessionId: string, dbImage: Uint8Array | null, at: number) {
    await this.run('UPDATE sessions SET db_image = $1, image_saved_at = $2, pending_since = NULL, last_seen_at = $2 WHERE id = $3', [
      dbImage && Buffer.from(dbImage.buffer, dbImage.byteOffset, dbImage.byteLength),
      at,
      sessionId,
    ]);
  }

  async markPending(sessionId: string, since: number) {
    await this.run('UPDATE sessions SET pending_since = $1 WHERE id = $2 AND pending_since IS NULL', [since, sessionId]);
  }

  async loadSession(sessionId: string) {
    const row = await this.one('SELECT * FROM sessions WHERE id = $1', [sessionId]);
    return row && sessionFromRow(row);
  }

  async sessionOfStudent(studentId: string, lessonId: string) {
    const row = await this.one('SELECT * FROM sessions WHERE student_id = $1 AND lesson_id = $2', [studentId, lessonId]);
    return row && sessionFromRow(row);
  }

  /** One statement, so the insert and the pruning cannot interleave with another instance's. */
  async saveTrace(sessionId: string, t: StoredTraceRecord, keep: number) {
    await this.run(
      `WITH added AS (INSERT INTO traces (session_id, trace_id, recorded_at, json) VALUES ($1, $2, $3, $4) ON CONFLICT (session_id, trace_id) DO NOTHING RETURNING seq)
       DELETE FROM traces WHERE session_id = $1 AND seq NOT IN (
         SELECT seq FROM (SELECT seq FROM traces WHERE session_id = $1 UNION SELECT seq FROM added) s ORDER BY seq DESC LIMIT $5)`,
      [sessionId, t.traceId, t.recordedAt, t.json, keep],
    );
  }

  async tracesOfSession(sessionId: string) {
    return (await this.all('SELECT json FROM traces WHERE session_id = $1 ORDER BY seq DESC', [sessionId])).map((r) => String(r.json));
  }

  async deleteAnonymousSessionsBefore(before: number) {
    return this.run('DELETE FROM sessions WHERE student_id IS NULL AND last_seen_at < $1', [before]);
  }

  async counts() {
    const counts = {} as Record<StoreTable, number>;
    for (const table of STORE_TABLES) counts[table] = Number((await this.one(`SELECT count(*) AS n FROM ${table}`))!.n);
    return counts;
  }

  private closed = false;

  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
