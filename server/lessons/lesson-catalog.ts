import type { SqlJsStatic } from 'sql.js';
import type { Lesson, LessonSummary } from '../contract/lesson.js';
import { SessionDatabase } from '../database/session-database.js';
import { loadLessons, type LessonProblem, type LoadedLesson } from './load-lessons.js';

export interface CatalogEntry extends LoadedLesson {
  /** The lesson's database, built once from schema + seed; every session starts from a copy. */
  initialDb: Uint8Array;
}

/** The lessons the server offers. A lesson whose SQL does not run is reported like a bad field. */
export class LessonCatalog {
  private constructor(
    private readonly entries: Map<string, CatalogEntry>,
    readonly problems: LessonProblem[],
  ) {}

  static async load(root: string, sql: SqlJsStatic): Promise<LessonCatalog> {
    const { lessons, problems } = await loadLessons(root);
    const entries = new Map<string, CatalogEntry>();
    for (const lesson of lessons) {
      try {
        entries.set(lesson.lesson.id, { ...lesson, initialDb: SessionDatabase.build(sql, lesson.schemaSql, lesson.seedSql) });
      } catch (error) {
        problems.push({ message: `lessons/${lesson.lesson.id}/schema.sql — sql — ${(error as Error).message}` });
      }
    }
    return new LessonCatalog(entries, problems);
  }

  get(id: string): CatalogEntry | undefined {
    return this.entries.get(id);
  }

  summaries(): LessonSummary[] {
    return [...this.entries.values()].map(({ lesson }) => ({ id: lesson.id, order: lesson.order, title: lesson.title }));
  }

  lesson(id: string): Lesson | undefined {
    return this.entries.get(id)?.lesson;
  }
}
