import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import type { LessonProblem } from './lesson-problem.js';
import { fieldName, type LineOf } from './field-path.js';
import { fieldsAt } from './schema-fields.js';
import { splitTexts } from './split-texts.js';

/** The offset of the key (in a map) or the item (in a list) deepest along `path`. */
function offsetOf(document: Document, path: readonly (string | number)[]): number | undefined {
  let node = document.contents as Node | null;
  let offset = node?.range?.[0];
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(part));
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
      node = node.items[part] as Node;
      offset = node.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/**
 * Parses YAML and validates it with `schema`. Every problem names the file, the line, the field
 * and what is wrong, e.g. `lessons/02-routes/checks.yaml:7 — checks.1.steps — missing (expected array)`.
 * `firstLine` is the file line the YAML text starts on (frontmatter starts after its `---`);
 * `label` names the whole document in messages that have no field.
 */
export function parseYaml<T extends z.ZodType>(
  text: string,
  shownPath: string,
  schema: T,
  { firstLine = 1, label = 'yaml' }: { firstLine?: number; label?: string } = {},
): { data: z.infer<T>; lineOf: LineOf } | LessonProblem[] {
  const document = parseDocument(text, { prettyErrors: false });
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length + firstLine - 1;
  if (document.errors.length > 0) {
    return document.errors.map((e) => ({ message: `${shownPath}:${lineAt(e.pos[0])} — ${label} — ${e.message.split('\n')[0]}` }));
  }
  const lineOf: LineOf = (path) => {
    const offset = offsetOf(document, path);
    return offset === undefined ? firstLine : lineAt(offset);
  };
  const split = splitTexts(document, lineAt, shownPath);
  if (split.length > 0) return split;
  const data: unknown = document.toJS();
  const parsed = schema.safeParse(data);
  if (parsed.success) return { data: parsed.data, lineOf };
  return parsed.error.issues.flatMap((issue) => {
    const path = issue.path as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      const known = fieldsAt(schema, path);
      return issue.keys.map((key) => {
        const guess = didYouMean(key, known);
        const hint = guess ? `did you mean \`${guess}\`?` : known.length > 0 ? `the fields here are ${known.map((k) => `\`${k}\``).join(', ')}` : 'remove it';
        return { message: `${shownPath}:${lineOf([...path, key])} — ${fieldName([...path, key], label)} — unknown field; ${hint}` };
      });
    }
    const given = path.reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined), data);
    const message = given === undefined && issue.code !== 'custom' ? `missing (${issue.message.replace(/^Invalid (input|option): /, '').replace(/, received undefined$/, '')})` : issue.message;
    return [{ message: `${shownPath}:${lineOf(path)} — ${fieldName(path, label)} — ${message}` }];
  });
}
