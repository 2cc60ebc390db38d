import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { CLASS_CODE_ALPHABET, type ClassTable, type Me, type StudentWork } from '../contract/classes.js';
import { traceSchema } from '../contract/trace.js';
import { HttpError } from '../http-error.js';
import type { LessonCatalog } from '../lessons/lesson-catalog.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { ClassRecord, DataStore, StudentRecord } from '../store/data-store.js';
import { AttemptLimiter } from './attempt-limiter.js';
import { buildClassTable, lessonProgress } from './class-table.js';
import { hashClassPassword, verifyClassPassword } from './teacher-passwords.js';

/** 429, with the seconds to wait (the route sends them as Retry-After). */
export class TooManyAttempts extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
  }
}

/** 256 random bits: what a cookie carries. The store keeps only its SHA-256. */
export const newToken = () => randomBytes(32).toString('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const newClassCode = () => Array.from({ length: 6 }, () => CLASS_CODE_ALPHABET[randomInt(CLASS_CODE_ALPHABET.length)]).join('');

/**
 * Classes: a teacher makes one with a password and gets a short code; students join with the code
 * and a name. Who may see what is decided here: a teacher's token opens one class, a student's
 * token is one student.
 */
export class ClassService {
  private readonly logins = new AttemptLimiter();
  private readonly joins = new AttemptLimiter(20);

  constructor(
    private readonly store: DataStore,
    private readonly catalog: LessonCatalog,
    private readonly sessions: SessionStore,
  ) {}

  async create(name: string, password: string): Promise<{ klass: ClassRecord; teacherToken: string }> {
    const passwordHash = await hashClassPassword(password);
    for (let attempt = 0; attempt < 10; attempt++) {
      const klass: ClassRecord = { id: randomUUID(), code: newClassCode(), name, passwordHash, createdAt: Date.now() };
      if ((await this.store.createClass(klass)) === 'code_taken') continue;
      return { klass, teacherToken: await this.newTeacherLogin(klass) };
    }
    throw new Error('no free class code after 10 draws');
  }

  /** A teacher's password for the class, at most 5 wrong ones per 15 minutes per client and class. */
  async login(code: string, password: string, client: string): Promise<{ klass: ClassRecord; teacherToken: string }> {
    const key = `${code}\n${client}`;
    this.refuseWhileLimited(this.logins, key, 'wrong passwords');
    const klass = await this.store.classByCode(code);
    if (!klass || !(await verifyClassPassword(password, klass.passwordHash))) {
      this.logins.failed(key);
      throw new HttpError(401, 'wrong class code or password');
    }
    this.logins.succeeded(key);
    return { klass, teacherToken: await this.newTeacherLogin(klass) };
  }

  /** The class, when `token` is a teacher login for it: 401 without a token, 403 with another class's or a wrong one. */
  async asTeacher(code: string, token: string | undefined): Promise<ClassRecord> {
    if (!token) throw new HttpError(401, 'log in as the teacher of this class first (POST /api/classes/:code/login)');
    const classId = await this.store.classOfTeacherLogin(tokenHash(token));
    const klass = await this.store.classByCode(code);
    if (!classId || !klass || klass.id !== classId) throw new HttpError(403, 'this login is not for this class');
    return klass;
  }

  async join(code: string, displayName: string, client: string): Promise<{ student: StudentRecord; klass: ClassRecord; studentToken: string }> {
    this.refuseWhileLimited(this.joins, client, 'unknown class codes');
    const klass = await this.store.classByCode(code);
    if (!klass) {
      this.joins.failed(client);
      throw new HttpError(404, 'no class has this code: check it with your teacher', { field: 'code' });
    }
    const studentToken = newToken();
    const student: StudentRecord = { id: randomUUID(), classId: klass.id, displayName, createdAt: Date.now() };
    if ((await this.store.addStudent({ ...student, tokenHash: tokenHash(studentToken) })) === 'name_taken') {
      throw new HttpError(409, `someone in this class already uses the name "${displayName}": add an initial or a number`, { field: 'displayName' });
    }
    return { student, klass, studentToken };
  }

  async student(token: string | undefined): Promise<StudentRecord | undefined> {
    return token ? this.store.studentByToken(tokenHash(token)) : undefined;
  }

  async me(student: StudentRecord | undefined): Promise<Me> {
    if (!student) return { student: null, progress: {} };
    const klass = (await this.store.classById(student.classId))!;
    const progress = await this.store.progressOfStudent(student.id);
    return {
      student: { id: student.id, displayName: student.displayName, class: { code: klass.code, name: klass.name } },
      progress: Object.fromEntries(progress.map((p) => [p.lessonId, lessonProgress(p)])),
    };
  }

  async table(klass: ClassRecord): Promise<ClassTable> {
    const lessons = this.catalog.all().map((e) => ({ id: e.lesson.id, title: e.lesson.title, checks: e.checks.map((c) => ({ id: c.id, title: c.title })) }));
    const [students, progress] = await Promise.all([this.store.studentsOfClass(klass.id), this.store.progressOfClass(klass.id)]);
    return buildClassTable(klass, lessons, students, progress);
  }

  /** One student's latest code and newest traces on a lesson, for their teacher (read-only). */
  async studentWork(klass: ClassRecord, studentId: string, lessonId: string): Promise<StudentWork> {
    const students = await this.store.studentsOfClass(klass.id);
    if (!students.some((s) => s.id === studentId)) throw new HttpError(404, 'no such student in this class');
    const session = await this.store.sessionOfStudent(studentId, lessonId);
    const stored = session ? await this.store.tracesOfSession(session.id) : [];
    // Read back from the store: one an older Gudang wrote that is no longer a trace is left out.
    const traces = stored.flatMap((json) => traceSchema.safeParse(JSON.parse(json)).data ?? []);
    return { code: session?.code ?? null, traces };
  }

  /** The class and everything of its students; their sessions live on this instance leave memory too. */
  async delete(klass: ClassRecord): Promise<void> {
    const students = await this.store.studentsOfClass(klass.id);
    await this.store.deleteClass(klass.id);
    this.sessions.dropStudents(new Set(students.map((s) => s.id)));
  }

  private async newTeacherLogin(klass: ClassRecord): Promise<string> {
    const token = newToken();
    await this.store.addTeacherLogin(tokenHash(token), klass.id, Date.now());
    return token;
  }

  private refuseWhileLimited(limiter: AttemptLimiter, key: string, what: string) {
    const wait = limiter.retryAfter(key);
    if (wait > 0) throw new TooManyAttempts(`too many ${what}: try again in ${Math.ceil(wait / 60)} min`, wait);
  }
}
