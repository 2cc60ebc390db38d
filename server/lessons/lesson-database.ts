import type { Database, SqlJsStatic } from 'sql.js';
import type { Check } from './check-files.js';
import type { LessonProblem } from './lesson-problem.js';

/** Where a script's text sits in a file, for messages: `lessons/03-x/seed.sql`, first line 1. */
export interface SqlSource {
  text: string;
  shownPath: string;
  field: string;
  /** The file line of a statement at `offset`; a `setup` in checks.yaml is named by its key's line. */
  lineAt?: (offset: number) => number;
}

/** The offset of the first token at or after `from`: statements start after blanks and comments. */
function tokenStart(text: string, from: number): number {
  const rest = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/.exec(text.slice(from));
  return from + (rest?.[0].length ?? 0);
}

/** Runs a script statement by statement, so an error names the line of the statement that failed. */
function runScript(db: Database, source: SqlSource): LessonProblem | null {
  const { text } = source;
  const iterator = db.iterateStatements(text);
  let offset = 0;
  for (;;) {
    try {
      const next = iterator.next();
      if (next.done) return null;
      try {
        while (next.value.step());
      } finally {
        next.value.free();
      }
      offset = text.length - iterator.getRemainingSQL().length;
    } catch (error) {
      const start = tokenStart(text, offset);
      const line = source.lineAt ? source.lineAt(start) : text.slice(0, start).split('\n').length;
      return { message: `${source.shownPath}:${line} — ${source.field} — ${(error as Error).message}` };
    }
  }
}

/** The bytes of the lesson database, and of each check's own start when it has a `setup`. */
export interface LessonDatabases {
  initialDb: Uint8Array;
  checkDbs: Record<string, Uint8Array>;
}

/**
 * Builds the lesson database from schema.sql and seed.sql, then one database per check with a
 * `setup`; the first statement that fails is reported against its own file and line.
 */
export function buildLessonDatabases(sql: SqlJsStatic, schema: SqlSource, seed: SqlSource, setups: { check: Check; source: SqlSource }[]): LessonDatabases | LessonProblem[] {
  const db = new sql.Database();
  try {
    const failed = runScript(db, schema) ?? (seed.text.trim() ? runScript(db, seed) : null);
    if (failed) return [failed];
    const initialDb = db.export();
    const checkDbs: Record<string, Uint8Array> = {};
    const problems: LessonProblem[] = [];
    for (const { check, source } of setups) {
      const copy = new sql.Database(initialDb);
      try {
        const problem = runScript(copy, source);
        if (problem) problems.push(problem);
        else checkDbs[check.id] = copy.export();
      } finally {
        copy.close();
      }
    }
    return problems.length > 0 ? problems : { initialDb, checkDbs };
  } finally {
    db.close();
  }
}
