import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { LessonProblem } from './lesson-problem.js';
import { splitTexts } from './split-texts.js';

type Ranged = { range?: [number, number, number] } | undefined;

/**
 * Parses YAML and validates it with `schema`. Every problem names the file, the line, the field
 * and what is wrong, e.g. `lessons/02-routes/checks.yaml:7 — checks.0.steps — Required`.
 * `firstLine` is the file line the YAML text starts on (frontmatter starts after its `---`);
 * `label` names the whole document in messages that have no field.
 */
export function parseYaml<T extends z.ZodType>(
  text: string,
  shownPath: string,
  schema: T,
  { firstLine = 1, label = 'yaml' }: { firstLine?: number; label?: string } = {},
): { data: z.infer<T> } | LessonProblem[] {
  const document = parseDocument(text, { prettyErrors: false });
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length + firstLine - 1;
  if (document.errors.length > 0) {
    return document.errors.map((e) => ({ message: `${shownPath}:${lineAt(e.pos[0])} — ${label} — ${e.message.split('\n')[0]}` }));
  }
  const split = splitTexts(document, lineAt, shownPath);
  if (split.length > 0) return split;
  const parsed = schema.safeParse(document.toJS());
  if (parsed.success) return { data: parsed.data };
  return parsed.error.issues.map((issue) => {
    const path = issue.path as (string | number)[];
    // The deepest node that exists: a missing field is reported on the object that lacks it.
    let offset: number | undefined;
    for (let depth = path.length; depth > 0 && offset === undefined; depth--) {
      offset = (document.getIn(path.slice(0, depth), true) as Ranged)?.range?.[0];
    }
    const field = path.length > 0 ? path.join('.') : label;
    const message = issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, 'missing (expected $1)');
    return { message: `${shownPath}:${offset === undefined ? firstLine : lineAt(offset)} — ${field} — ${message}` };
  });
}
