import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Lesson } from '../contract/lesson.js';
import { lessonFrontmatterSchema, translationFrontmatterSchema } from './lesson-files.js';

/** A lesson as the server holds it: the public part plus what stays on the server. */
export interface LoadedLesson {
  lesson: Lesson;
  schemaSql: string;
  seedSql: string;
  solutionCode: string;
  folder: string;
}

export interface LessonProblem {
  /** `lessons/02-routes/lesson.md:4 — title — Required` */
  message: string;
}

const FOLDER = /^(\d{2})-([a-z0-9-]+)$/;

/** Reads a Markdown file with YAML frontmatter, validating the frontmatter with `schema`. */
async function readMarkdown<T extends z.ZodType>(path: string, shownPath: string, schema: T): Promise<{ data: z.infer<T>; body: string } | LessonProblem[]> {
  const text = await readFile(path, 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match) return [{ message: `${shownPath}:1 — frontmatter — the file must start with a --- block` }];
  const document = parseDocument(match[1]!, { prettyErrors: false });
  const lineAt = (offset: number) => match[1]!.slice(0, offset).split('\n').length + 1;
  if (document.errors.length > 0) {
    return document.errors.map((e) => ({ message: `${shownPath}:${lineAt(e.pos[0])} — frontmatter — ${e.message.split('\n')[0]}` }));
  }
  const parsed = schema.safeParse(document.toJS());
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => {
      const node = document.getIn(issue.path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      const parent = issue.path.length > 1 ? (document.getIn(issue.path.slice(0, -1) as (string | number)[], true) as { range?: [number, number, number] } | undefined) : undefined;
      const offset = node?.range?.[0] ?? parent?.range?.[0];
      const field = issue.path.length > 0 ? issue.path.join('.') : 'frontmatter';
      return { message: `${shownPath}:${offset === undefined ? 2 : lineAt(offset)} — ${field} — ${issue.message}` };
    });
  }
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
  const en = (await readText(join(dir, 'lesson.md'))) === null ? null : await readMarkdown(join(dir, 'lesson.md'), shown('lesson.md'), lessonFrontmatterSchema);
  const id = (await readText(join(dir, 'lesson.id.md'))) === null ? null : await readMarkdown(join(dir, 'lesson.id.md'), shown('lesson.id.md'), translationFrontmatterSchema);
  if (en === null) problems.push({ message: `${shown('lesson.md')} — file — missing` });
  else if (Array.isArray(en)) problems.push(...en);
  if (id === null) problems.push({ message: `${shown('lesson.id.md')} — file — missing` });
  else if (Array.isArray(id)) problems.push(...id);
  if (problems.length > 0 || !en || !id || Array.isArray(en) || Array.isArray(id)) return problems;
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
