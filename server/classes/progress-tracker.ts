import { EventEmitter } from 'node:events';
import type { CheckReport } from '../contract/checks.js';
import type { PredictionCount } from '../contract/classes.js';
import type { DataStore, ProgressRecord } from '../store/data-store.js';

/** Requests count as activity, but write the store at most this often per student and lesson. */
const TOUCH_EVERY_MS = 5_000;

/**
 * A class student's progress per lesson, as the teacher's table shows it: opened (trying), the
 * latest check run, done once every check passed. Tells listeners (the class streams on this
 * instance) which student changed; other instances see it when they next read the store.
 */
export class ProgressTracker {
  private readonly events = new EventEmitter();
  private readonly touched = new Map<string, number>();
  /** Read-modify-write per student and lesson, one at a time: a touch must not undo a check run. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly store: DataStore) {
    this.events.setMaxListeners(0);
  }

  /** Activity held back by the throttle, written when its wait is over: the last request of a burst counts too. */
  private readonly trailing = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  /** Activity on a lesson: opening it, saving code, a request (`force` false: throttled). */
  async touch(studentId: string, lessonId: string, at = Date.now(), force = true): Promise<void> {
    const key = `${studentId}\n${lessonId}`;
    const wait = TOUCH_EVERY_MS - (at - (this.touched.get(key) ?? 0));
    if (!force && wait > 0) {
      const held = this.trailing.get(key);
      if (held) held.at = Math.max(held.at, at);
      else {
        const timer = setTimeout(() => {
          const last = this.trailing.get(key);
          this.trailing.delete(key);
          if (last) void this.touch(studentId, lessonId, last.at).catch(() => {});
        }, wait);
        timer.unref();
        this.trailing.set(key, { at, timer });
      }
      return;
    }
    this.touched.set(key, at);
    await this.update(studentId, lessonId, (current) => ({ ...current, lastActivityAt: Math.max(at, current.lastActivityAt) }));
  }

  /** A check run: how many passed, which failed (in the lesson's order), done when all passed. */
  async checked(studentId: string, lessonId: string, report: CheckReport, at = Date.now()): Promise<void> {
    const allPassed = report.total > 0 && report.passed === report.total;
    await this.update(studentId, lessonId, (current) => ({
      ...current,
      checksPassed: report.passed,
      checksTotal: report.total,
      failingChecks: report.results.filter((r) => !r.passed).map((r) => r.id),
      doneAt: current.doneAt ?? (allPassed ? at : null),
      lastActivityAt: at,
    }));
  }

  /** Answers given in predict mode: added to the lesson's count of right predictions. */
  async predicted(studentId: string, lessonId: string, answers: PredictionCount, at = Date.now()): Promise<void> {
    await this.update(studentId, lessonId, (current) => {
      const before = current.predictions ?? { right: 0, total: 0 };
      return { ...current, predictions: { right: before.right + answers.right, total: before.total + answers.total }, lastActivityAt: Math.max(at, current.lastActivityAt) };
    });
  }

  /** The lesson was reset: its predictions count from nothing again (its checks and done stay, as the teacher saw them). */
  async predictionsReset(studentId: string, lessonId: string): Promise<void> {
    await this.update(studentId, lessonId, ({ predictions: _forgotten, ...current }) => current);
  }

  /** Calls `listener` with the id of each student whose progress changed here. */
  onChange(listener: (studentId: string) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  private update(studentId: string, lessonId: string, change: (current: ProgressRecord) => ProgressRecord): Promise<void> {
    const key = `${studentId}\n${lessonId}`;
    const run = (this.queues.get(key) ?? Promise.resolve()).then(async () => {
      const current = (await this.store.progressOfStudent(studentId)).find((p) => p.lessonId === lessonId) ?? empty(studentId, lessonId);
      await this.store.saveProgress(change(current));
      this.events.emit('change', studentId);
    });
    const settled = run.catch(() => {});
    this.queues.set(key, settled);
    void settled.then(() => this.queues.get(key) === settled && this.queues.delete(key));
    return run;
  }
}

const empty = (studentId: string, lessonId: string): ProgressRecord => ({ studentId, lessonId, checksPassed: null, checksTotal: null, failingChecks: [], doneAt: null, lastActivityAt: 0 });
