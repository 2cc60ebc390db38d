import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { SqlJsStatic } from 'sql.js';
import type { Lesson, LessonChange, LessonSummary } from '../contract/lesson.js';
import { duplicateProblems, loadLesson, loadLessons, shownRootOf, type LessonProblem, type LoadedLesson } from './load-lessons.js';

export type CatalogEntry = LoadedLesson;

/** Edits arrive as bursts of file events (write, rename, chmod); one reload per lesson per burst. */
const RELOAD_DELAY_MS = 100;

/**
 * The lessons the server offers. A lesson edited into a broken state keeps its last good version
 * served (open sessions go on working) while its problems are reported, until it is fixed.
 */
export class LessonCatalog {
  private readonly events = new EventEmitter();
  private watcher: FSWatcher | null = null;
  private readonly entries = new Map<string, CatalogEntry>();
  /** The problems of each folder's latest read. */
  private readonly folderProblems = new Map<string, LessonProblem[]>();
  /** How many reads of each folder began: only the newest one's result is kept. */
  private readonly reloads = new Map<string, number>();

  private constructor(
    private readonly root: string,
    private readonly sql: SqlJsStatic,
    private readonly shownRoot: string,
  ) {
    this.events.setMaxListeners(0);
  }

  static async load(root: string, sql: SqlJsStatic, shownRoot = shownRootOf(root)): Promise<LessonCatalog> {
    const catalog = new LessonCatalog(root, sql, shownRoot);
    const { lessons, problems } = await loadLessons(root, sql, shownRoot);
    for (const problem of problems) catalog.folderProblems.set(catalog.folderOf(problem), [...(catalog.folderProblems.get(catalog.folderOf(problem)) ?? []), problem]);
    for (const lesson of lessons) catalog.entries.set(lesson.lesson.id, lesson);
    return catalog;
  }

  /** Every problem of every lesson, by folder order, then lessons that clash with each other. */
  get problems(): LessonProblem[] {
    const byFolder = [...this.folderProblems.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([, problems]) => problems);
    return [...byFolder, ...duplicateProblems([...this.entries.values()])];
  }

  /** The problems of one lesson, as messages: what its banner shows while an instructor edits it. */
  problemsOf(id: string): string[] {
    return this.problemsIn(id).map((p) => p.message);
  }

  private problemsIn(id: string): LessonProblem[] {
    return this.problems.filter((p) => this.folderOf(p) === id);
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

  /**
   * Reads one lesson folder again. A sound lesson replaces the old one; a broken one leaves the last
   * good version served and its problems reported; a folder that is gone takes its lesson with it.
   * `inspect` finds what only running the new version's code shows (a throw on load, type errors)
   * before it is served: an error there keeps the last good version too, a warning does not.
   */
  async reload(folder: string, inspect?: (entry: CatalogEntry) => Promise<LessonProblem[]>): Promise<LessonChange> {
    const reading = (this.reloads.get(folder) ?? 0) + 1;
    this.reloads.set(folder, reading);
    if (!existsSync(join(this.root, folder))) {
      this.entries.delete(folder);
      this.folderProblems.delete(folder);
    } else {
      const result = await loadLesson(this.root, folder, this.sql, this.shownRoot).catch((error: Error) => ({
        lesson: undefined,
        problems: [{ message: `${this.shownRoot}/${folder} — folder — ${error.message}` }],
      }));
      const shown = result.lesson ? await this.inspected(result.lesson, inspect) : [];
      // A newer edit was read meanwhile: it is the one to serve and report.
      if (this.reloads.get(folder) !== reading) return { id: folder, problems: this.problemsOf(folder) };
      const problems: LessonProblem[] = [...result.problems, ...shown];
      this.folderProblems.set(folder, problems);
      if (result.lesson && problems.every((problem) => problem.warning)) this.entries.set(folder, result.lesson);
    }
    const change: LessonChange = { id: folder, problems: this.problemsOf(folder) };
    this.events.emit('lesson', change);
    return change;
  }

  private async inspected(entry: CatalogEntry, inspect?: (entry: CatalogEntry) => Promise<LessonProblem[]>): Promise<LessonProblem[]> {
    if (!inspect) return [];
    return inspect(entry).catch((error: Error) => [{ message: `${entry.shownDir} — code — could not be inspected: ${error.message}`, warning: true }]);
  }

  /** Calls `listener` with each lesson reloaded, until the returned function is called. */
  onReload(listener: (change: LessonChange) => void): () => void {
    this.events.on('lesson', listener);
    return () => this.events.off('lesson', listener);
  }

  /**
   * Reloads a lesson when one of its files changes (dev: GUDANG_WATCH_LESSONS=1), and says so in the
   * terminal. chokidar sees saves that replace the file by renaming (vim, `sed -i`, many IDEs) and
   * files created later, which `fs.watch` loses. `inspect` runs each new version's code before it is
   * served (see reload). Resolves once the watcher is ready.
   */
  watch({ log = console.log, inspect }: { log?: (line: string) => void; inspect?: (entry: CatalogEntry) => Promise<LessonProblem[]> } = {}): Promise<void> {
    if (this.watcher) return Promise.resolve();
    const pending = new Map<string, NodeJS.Timeout>();
    const watcher = watch(this.root, { ignoreInitial: true, ignored: (path) => /(^|[\\/])\.|~$|\.swp$/.test(relative(this.root, path)) });
    this.watcher = watcher;
    watcher.on('all', (_event, path) => {
      const folder = relative(this.root, path).split(sep)[0];
      if (!folder || !/^\d{2}-/.test(folder)) return;
      clearTimeout(pending.get(folder));
      pending.set(
        folder,
        setTimeout(() => {
          pending.delete(folder);
          void this.reload(folder, inspect).then(() => {
            const problems = this.problemsIn(folder);
            if (problems.length === 0) log(`lesson ${folder} reloaded`);
            for (const problem of problems) log(`lesson ${problem.warning ? 'warning' : 'problem'}: ${problem.message}`);
          });
        }, RELOAD_DELAY_MS),
      );
    });
    watcher.on('error', (error) => log(`lesson watcher: ${(error as Error).message}`));
    return new Promise((resolve) => watcher.once('ready', () => resolve()));
  }

  close(): void {
    void this.watcher?.close();
    this.watcher = null;
  }

  private folderOf(problem: LessonProblem): string {
    const rest = problem.message.startsWith(`${this.shownRoot}/`) ? problem.message.slice(this.shownRoot.length + 1) : problem.message;
    return /^[^/ :]+/.exec(rest)?.[0] ?? '';
  }
}
