/**
 * What Gudang keeps beyond one process: classes, their students and progress, and each session's
 * code and database image. Two implementations (SQLite embedded, PostgreSQL shared) pass the same
 * suite (test/server/store/data-store.test.ts); nothing outside server/store/ knows which one runs.
 * Times are milliseconds since the epoch. Tokens are stored only as hashes.
 */
export interface DataStore {
  readonly engine: 'sqlite' | 'postgres';

  createClass(record: ClassRecord): Promise<'created' | 'code_taken'>;
  classByCode(code: string): Promise<ClassRecord | undefined>;
  classById(classId: string): Promise<ClassRecord | undefined>;
  /** Removes the class and, with it, its logins, students, their progress and their sessions. */
  deleteClass(classId: string): Promise<void>;

  addTeacherLogin(tokenHash: string, classId: string, at: number): Promise<void>;
  /** The class a teacher's login token opens, if any. */
  classOfTeacherLogin(tokenHash: string): Promise<string | undefined>;

  addStudent(record: StudentRecord & { tokenHash: string }): Promise<'created' | 'name_taken'>;
  studentByToken(tokenHash: string): Promise<StudentRecord | undefined>;
  studentsOfClass(classId: string): Promise<StudentRecord[]>;

  /** Upserts one student's progress on one lesson. */
  saveProgress(record: ProgressRecord): Promise<void>;
  progressOfStudent(studentId: string): Promise<ProgressRecord[]>;
  progressOfClass(classId: string): Promise<ProgressRecord[]>;

  /** Upserts a session's identity and code (not its image: see saveImage). */
  saveSession(record: Omit<SessionRecord, 'dbImage' | 'imageSavedAt' | 'pendingSince'>): Promise<void>;
  /** The committed database; `null` means the lesson's own. Clears `pendingSince`. */
  saveImage(sessionId: string, dbImage: Uint8Array | null, at: number): Promise<void>;
  /** Marks that a committed change waits for its image write (so a reopen can say it may be lost). */
  markPending(sessionId: string, since: number): Promise<void>;
  loadSession(sessionId: string): Promise<SessionRecord | undefined>;
  sessionOfStudent(studentId: string, lessonId: string): Promise<SessionRecord | undefined>;
  /** Adds one trace (its JSON) to the session's and keeps only the newest `keep`. */
  saveTrace(sessionId: string, trace: StoredTraceRecord, keep: number): Promise<void>;
  /** The session's stored traces' JSON, newest first. */
  tracesOfSession(sessionId: string): Promise<string[]>;
  /** Deletes sessions of no class not seen since `before`; answers how many. */
  deleteAnonymousSessionsBefore(before: number): Promise<number>;

  /** Row counts per table, for tests and operators. */
  counts(): Promise<Record<StoreTable, number>>;
  close(): Promise<void>;
}

export const STORE_TABLES = ['classes', 'teacher_logins', 'students', 'progress', 'sessions', 'traces'] as const;
export type StoreTable = (typeof STORE_TABLES)[number];

export interface ClassRecord {
  id: string;
  /** Short, typed by students to join. */
  code: string;
  name: string;
  /** `scrypt$…` (server/classes/passwords.ts). */
  passwordHash: string;
  createdAt: number;
}

export interface StudentRecord {
  id: string;
  classId: string;
  displayName: string;
  createdAt: number;
}

export interface ProgressRecord {
  studentId: string;
  lessonId: string;
  /** Latest check run; null until the student first presses Check. */
  checksPassed: number | null;
  checksTotal: number | null;
  /** Ids of the checks that failed in the latest run, in the lesson's order. */
  failingChecks: string[];
  /** When every check first passed; it stays done. */
  doneAt: number | null;
  lastActivityAt: number;
  /** Predict mode's answers since the lesson was last reset; absent when there are none. */
  predictions?: { right: number; total: number };
}

export interface SessionRecord {
  id: string;
  studentId: string | null;
  lessonId: string;
  code: string;
  dbImage: Uint8Array | null;
  imageSavedAt: number | null;
  pendingSince: number | null;
  lastSeenAt: number;
  createdAt: number;
}

export interface StoredTraceRecord {
  traceId: string;
  recordedAt: number;
  /** The trace as JSON, already fitted to a size (server/trace/fit-trace.ts). */
  json: string;
}
