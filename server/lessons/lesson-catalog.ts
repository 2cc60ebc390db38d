import { EventEmitter } from 'node:events';
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import type { Lesson, LessonSummary } from '../contract/lesson.js';
import { SessionDatabase } from '../database/session-database.js';
import { loadLesson, loadLessons, type LessonProblem, type LoadedLesson } from './load-lessons.js';

export interface CatalogEntry extends LoadedLesson {
  /** The lesson's database, built once from schema + seed; every session starts from a copy. */
  initialDb: Uint8Array;
}

/** Edits arrive as bursts of file events; one reload per lesson per burst. */
const RELOAD_DELAY_MS = 100;

/** The lessons the server offers. A lesson whose SQL does not run is reported like a bad field. */
export class LessonCatalog {
  private readonly events = new EventEmitter();
  private watcher: FSWatcher | null = null;

  private constructor(
    private readonly entries: Map<string, CatalogEntry>,
    private readonly folderProblems: Map<string, LessonProblem[]>,
    private readonly root: string,
    private readonly sql: SqlJsStatic,
  ) {
    this.events.setMaxListeners(0);
  }

  static async load(root: string, sql: SqlJsStatic): Promise<LessonCatalog> {
    const { lessons, problems } = await loadLessons(root);
    const catalog = new LessonCatalog(new Map(), new Map(), root, sql);
    for (const problem of problems) catalog.addProblem(problem);
    for (const lesson of lessons) catalog.install(lesson);
    return catalog;
  }

  /** Every problem of every lesson, by folder order. */
  get problems(): LessonProblem[] {
    return [...this.folderProblems.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([, problems]) => problems);
  }

  get(id: string): CatalogEntry | undefined {
    return this.entries.get(id);
  }

  /** Every lesson, in course order. */
  all(): CatalogEntry[] {
    return [...this.entries.values()].sort((a, b) => a.lesson.order - b.lesson.order || a.lesson.id.localeCompare(b.lesson.id));
  }

  summaries(): LessonSummary[] {
    return this.all().map(({ lesson }) => ({ id: lesson.id, order: lesson.order, title: lesson.title }));
  }

  lesson(id: string): Lesson | undefined {
    return this.entries.get(id)?.lesson;
  }

  /** Reads one lesson folder again; a lesson that broke is removed and its problems reported. */
  async reload(folder: string): Promise<void> {
    this.folderProblems.delete(folder);
    this.entries.delete(folder);
    if (!existsSync(join(this.root, folder))) return void this.events.emit('lesson', folder);
    const result = await loadLesson(this.root, folder).catch((error: Error) => [{ message: `lessons/${folder} — folder — ${error.message}` }]);
    if (Array.isArray(result)) result.forEach((p) => this.addProblem(p, folder));
    else this.install(result);
    this.events.emit('lesson', folder);
  }

  /** Calls `listener` with the id of each lesson reloaded, until the returned function is called. */
  onReload(listener: (lessonId: string) => void): () => void {
    this.events.on('lesson', listener);
    return () => this.events.off('lesson', listener);
  }

  /** Reloads a lesson when one of its files changes (dev only: GUDANG_WATCH_LESSONS=1). */
  watch(): void {
    if (this.watcher) return;
    const pending = new Map<string, NodeJS.Timeout>();
    this.watcher = watch(this.root, { recursive: true }, (_event, file) => {
      const folder = String(file ?? '').split(/[\\/]/)[0];
      if (!folder || folder.startsWith('.') || !/^\d{2}-/.test(folder)) return;
      clearTimeout(pending.get(folder));
      pending.set(folder, setTimeout(() => {
        pending.delete(folder);
        void this.reload(folder);
      }, RELOAD_DELAY_MS));
    });
    this.watcher.unref();
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  private addProblem(problem: LessonProblem, folder = /^lessons\/([^/ ]+)/.exec(problem.message)?.[1] ?? '') {
    this.folderProblems.set(folder, [...(this.folderProblems.get(folder) ?? []), problem]);
  }

  private install(lesson: LoadedLesson) {
    try {
      this.entries.set(lesson.lesson.id, { ...lesson, initialDb: SessionDatabase.build(this.sql, lesson.schemaSql, lesson.seedSql) });
    } catch (error) {
      this.addProblem({ message: `lessons/${lesson.lesson.id}/schema.sql — sql — ${(error as Error).message}` }, lesson.lesson.id);
    }
  }
}
