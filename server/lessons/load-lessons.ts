import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import type { z } from 'zod';
import type { Bilingual, Lesson } from '../contract/lesson.js';
import { compileLearnerCode } from '../sandbox/compile.js';
import { checksFileSchema, type Check } from './check-files.js';
import { buildLessonDatabases } from './lesson-database.js';
import { lessonFrontmatterSchema, translationFrontmatterSchema } from './lesson-files.js';
import type { LessonProblem } from './lesson-problem.js';
import { lintChecks } from './lint-checks.js';
import { lintPredictPrompts } from './lint-predict.js';
import type { LineOf } from './field-path.js';
import { parseYaml } from './parse-yaml.js';
import { SCAFFOLD_TEXT } from './scaffold-text.js';

export type { LessonProblem } from './lesson-problem.js';

/** A lesson as the server holds it: the public part plus what stays on the server. */
export interface LoadedLesson {
  lesson: Lesson;
  schemaSql: string;
  seedSql: string;
  solutionCode: string;
  checks: Check[];
  /** Query steps carry EXPLAIN QUERY PLAN output. */
  queryPlan: boolean;
  folder: string;
  /** The lesson's database, built once from schema + seed; every session starts from a copy. */
  initialDb: Uint8Array;
  /** Where a check with a `setup` starts instead, by check id. */
  checkDbs: Record<string, Uint8Array>;
  /** How messages name the lesson's files: `lessons/03-reading-the-database`. */
  shownDir: string;
  /** The line of `order` in lesson.md, and of any field of checks.yaml. */
  orderLine: number;
  checksLineOf: LineOf;
}

/** What reading a lesson folder gave: the lesson unless something stops it loading, and every problem. */
export interface LessonLoad {
  lesson?: LoadedLesson;
  problems: LessonProblem[];
}

const FOLDER = /^(\d{2})-([a-z0-9-]+)$/;

/** How messages name the folder checked: relative to the current directory when inside it. */
export function shownRootOf(root: string): string {
  const shown = relative(process.cwd(), root);
  return shown === '' ? '.' : shown.startsWith('..') || isAbsolute(shown) ? root : shown;
}

/** Reads a Markdown file with YAML frontmatter, validating the frontmatter with `schema`. */
function parseMarkdown<T extends z.ZodType>(text: string, shownPath: string, schema: T) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) return [{ message: `${shownPath}:1 — frontmatter — the file must start with a --- block` }];
  const parsed = parseYaml(match[1]!, shownPath, schema, { firstLine: 2, label: 'frontmatter' });
  if (Array.isArray(parsed)) return parsed;
  const before = text.length - match[2]!.length;
  const bodyLine = text.slice(0, before + (match[2]!.length - match[2]!.trimStart().length)).split('\n').length;
  return { data: parsed.data as z.infer<T>, lineOf: parsed.lineOf, body: match[2]!.trim(), bodyLine };
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** Text a student would read that is missing or still the lessons:new placeholder. */
function unwrittenText(text: string, placeholder: string, where: string, language: string): string | null {
  if (text.trim() === '') return `empty: write the ${language} text of the lesson after the frontmatter`;
  if (text.includes(placeholder.trim())) return `still the placeholder of lessons:new ("${placeholder.trim()}"): write the ${language} ${where}`;
  return null;
}

async function compileProblem(code: string, shownPath: string): Promise<LessonProblem | null> {
  const compiled = await compileLearnerCode(code);
  return compiled.ok ? null : { message: `${shownPath}:${compiled.problem.line} — code — does not compile: ${compiled.problem.message}` };
}

export async function loadLesson(root: string, folder: string, sql: SqlJsStatic, shownRoot = shownRootOf(root)): Promise<LessonLoad> {
  const shownDir = `${shownRoot}/${folder}`;
  if (!FOLDER.exec(folder)) return { problems: [{ message: `${shownDir} — folder — a lesson folder is named NN-slug, e.g. 03-reading-the-database` }] };
  const dir = join(root, folder);
  const shown = (file: string) => `${shownDir}/${file}`;
  const problems: LessonProblem[] = [];
  const files = { starter: 'starter.ts', solution: 'solution.ts', schema: 'schema.sql', seed: 'seed.sql' };
  const texts: Record<string, string> = {};
  for (const [key, file] of Object.entries(files)) {
    const text = await readText(join(dir, file));
    if (text === null && key !== 'seed') problems.push({ message: `${shown(file)} — file — missing` });
    texts[key] = text ?? '';
  }
  const read = async <T>(file: string, parse: (text: string) => T): Promise<T | null> => {
    const text = await readText(join(dir, file));
    return text === null ? null : parse(text);
  };
  const en = await read('lesson.md', (text) => parseMarkdown(text, shown('lesson.md'), lessonFrontmatterSchema));
  const id = await read('lesson.id.md', (text) => parseMarkdown(text, shown('lesson.id.md'), translationFrontmatterSchema));
  const checks = await read('checks.yaml', (text) => parseYaml(text, shown('checks.yaml'), checksFileSchema));
  if (en === null) problems.push({ message: `${shown('lesson.md')} — file — missing` });
  else if (Array.isArray(en)) problems.push(...en);
  if (id === null) problems.push({ message: `${shown('lesson.id.md')} — file — missing` });
  else if (Array.isArray(id)) problems.push(...id);
  if (en && !Array.isArray(en)) problems.push(...lintPredictPrompts(en.data, shown('lesson.md')));
  if (Array.isArray(checks)) problems.push(...checks);
  else if (checks === null && en && !Array.isArray(en) && !en.data.walkthrough) {
    problems.push({ message: `${shown('checks.yaml')} — file — missing (only a lesson with walkthrough: true may have no checks)` });
  }
  for (const [key, file] of [
    ['starter', 'starter.ts'],
    ['solution', 'solution.ts'],
  ] as const) {
    const problem = texts[key] ? await compileProblem(texts[key]!, shown(file)) : null;
    if (problem) problems.push(problem);
  }
  if (en && !Array.isArray(en) && checks && !Array.isArray(checks)) {
    problems.push(...lintChecks(checks.data.checks, checks.lineOf, shown('checks.yaml'), en.data));
  }
  if (problems.length > 0 || !en || !id || Array.isArray(en) || Array.isArray(id) || Array.isArray(checks)) return { problems };

  const checkList = checks?.data.checks ?? [];
  const databases = buildLessonDatabases(
    sql,
    { text: texts.schema!, shownPath: shown('schema.sql'), field: 'sql' },
    { text: texts.seed!, shownPath: shown('seed.sql'), field: 'sql' },
    checkList.flatMap((check, c) =>
      check.setup ? [{ check, source: { text: check.setup, shownPath: shown('checks.yaml'), field: `checks.${c + 1}.setup`, lineAt: () => checks!.lineOf(['checks', c, 'setup']) } }] : [],
    ),
  );
  if (Array.isArray(databases)) return { problems: databases };

  // Reported, but the lesson still loads: a scaffold being written should show in the browser.
  const notes: LessonProblem[] = [];
  const enText = unwrittenText(en.body, SCAFFOLD_TEXT.en, 'text', 'English');
  if (enText) notes.push({ message: `${shown('lesson.md')}:${en.bodyLine} — text — ${enText}` });
  const idText = unwrittenText(id.body, SCAFFOLD_TEXT.id, 'text', 'Bahasa Indonesia');
  if (idText) notes.push({ message: `${shown('lesson.id.md')}:${id.bodyLine} — text — ${idText}` });
  en.data.hints.forEach((hint: Bilingual, h: number) => {
    for (const language of ['en', 'id'] as const) {
      if (hint[language].trim() === SCAFFOLD_TEXT.hint[language])
        notes.push({ message: `${shown('lesson.md')}:${en.lineOf(['hints', h, language])} — hints.${h + 1}.${language} — still the placeholder of lessons:new: write a real hint` });
    }
  });

  return {
    problems: notes,
    lesson: {
      lesson: {
        id: folder,
        order: en.data.order,
        title: { en: en.data.title, id: id.data.title },
        text: { en: en.body, id: id.body },
        starterCode: texts.starter!,
        suggestedRequests: en.data.suggestedRequests,
        services: en.data.services,
        hints: en.data.hints,
        walkthrough: en.data.walkthrough,
        predict: en.data.predict,
      },
      schemaSql: texts.schema!,
      seedSql: texts.seed!,
      solutionCode: texts.solution!,
      checks: checkList,
      queryPlan: en.data.queryPlan,
      folder: dir,
      ...databases,
      shownDir,
      orderLine: en.lineOf(['order']),
      checksLineOf: checks?.lineOf ?? (() => 1),
    },
  };
}

/** Two lessons with one `order` or one number prefix: the course order would be a coin toss. */
export function duplicateProblems(lessons: LoadedLesson[]): LessonProblem[] {
  const problems: LessonProblem[] = [];
  const byOrder = new Map<number, LoadedLesson>();
  const byNumber = new Map<string, LoadedLesson>();
  for (const lesson of [...lessons].sort((a, b) => a.lesson.id.localeCompare(b.lesson.id))) {
    const { id, order } = lesson.lesson;
    const sameOrder = byOrder.get(order);
    if (sameOrder) problems.push({ message: `${lesson.shownDir}/lesson.md:${lesson.orderLine} — order — ${order} is also the order of ${sameOrder.lesson.id}: give each lesson its own` });
    else byOrder.set(order, lesson);
    const number = id.slice(0, 2);
    const sameNumber = byNumber.get(number);
    if (sameNumber) problems.push({ message: `${lesson.shownDir} — folder — the number ${number} is also used by ${sameNumber.lesson.id}: give each lesson its own` });
    else byNumber.set(number, lesson);
  }
  return problems;
}

/** Loads every lesson under `root`; a broken lesson is reported and skipped, never fatal. */
export async function loadLessons(root: string, sql: SqlJsStatic, shownRoot = shownRootOf(root)): Promise<{ lessons: LoadedLesson[]; problems: LessonProblem[] }> {
  const entries = await readdir(root, { withFileTypes: true });
  const lessons: LoadedLesson[] = [];
  const problems: LessonProblem[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const result = await loadLesson(root, entry.name, sql, shownRoot);
    problems.push(...result.problems);
    if (result.lesson) lessons.push(result.lesson);
  }
  lessons.sort((a, b) => a.lesson.order - b.lesson.order || a.lesson.id.localeCompare(b.lesson.id));
  return { lessons, problems };
}
