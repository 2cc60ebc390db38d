import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Lesson } from '../contract/lesson.js';
import { checksFileSchema, type Check } from './check-files.js';
import { lessonFrontmatterSchema, translationFrontmatterSchema } from './lesson-files.js';
import type { LessonProblem } from './lesson-problem.js';
import { parseYaml } from './parse-yaml.js';

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
}

const FOLDER = /^(\d{2})-([a-z0-9-]+)$/;

/** Reads a Markdown file with YAML frontmatter, validating the frontmatter with `schema`. */
function parseMarkdown<T extends z.ZodType>(text: string, shownPath: string, schema: T): { data: z.infer<T>; body: string } | LessonProblem[] {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) return [{ message: `${shownPath}:1 — frontmatter — the file must start with a --- block` }];
  const parsed = parseYaml(match[1]!, shownPath, schema, { firstLine: 2, label: 'frontmatter' });
  if (Array.isArray(parsed)) return parsed;
  return { data: parsed.data, body: match[2]!.trim() };
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

export async function loadLesson(root: string, folder: string): Promise<LoadedLesson | LessonProblem[]> {
  const match = FOLDER.exec(folder);
  if (!match) return [{ message: `lessons/${folder} — folder — a lesson folder is named NN-slug, e.g. 03-reading-the-database` }];
  const dir = join(root, folder);
  const shown = (file: string) => `lessons/${folder}/${file}`;
  const problems: LessonProblem[] = [];
  const files = { starter: 'starter.ts', solution: 'solution.ts', schema: 'schema.sql', seed: 'seed.sql' };
  const texts: Record<string, string> = {};
  for (const [key, file] of Object.entries(files)) {
    const text = await readText(join(dir, file));
    if (text === null && key !== 'seed') problems.push({ message: `${shown(file)} — file — missing` });
    texts[key] = text ?? '';
  }
  const read = async <T,>(file: string, parse: (text: string) => T): Promise<T | null> => {
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
  if (Array.isArray(checks)) problems.push(...checks);
  else if (checks === null && en && !Array.isArray(en) && !en.data.walkthrough) {
    problems.push({ message: `${shown('checks.yaml')} — file — missing (only a lesson with walkthrough: true may have no checks)` });
  }
  if (problems.length > 0 || !en || !id || Array.isArray(en) || Array.isArray(id) || Array.isArray(checks)) return problems;
  return {
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
    },
    schemaSql: texts.schema!,
    seedSql: texts.seed!,
    solutionCode: texts.solution!,
    checks: checks?.data.checks ?? [],
    queryPlan: en.data.queryPlan,
    folder: dir,
  };
}

/** Loads every lesson under `root`; a broken lesson is reported and skipped, never fatal. */
export async function loadLessons(root: string): Promise<{ lessons: LoadedLesson[]; problems: LessonProblem[] }> {
  const entries = await readdir(root, { withFileTypes: true });
  const lessons: LoadedLesson[] = [];
  const problems: LessonProblem[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const result = await loadLesson(root, entry.name);
    if (Array.isArray(result)) problems.push(...result);
    else lessons.push(result);
  }
  lessons.sort((a, b) => a.lesson.order - b.lesson.order || a.lesson.id.localeCompare(b.lesson.id));
  return { lessons, problems };
}
