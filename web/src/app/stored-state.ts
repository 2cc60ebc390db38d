import { z } from 'zod';
import { sessionIdSchema } from '../../../server/contract/api.js';
import { languageSchema, type Language } from '../../../server/contract/lesson.js';

/** Reads a localStorage entry through its schema: anything unreadable counts as absent. */
function read<T extends z.ZodType>(key: string, schema: T): z.infer<T> | undefined {
  try {
    const text = localStorage.getItem(key);
    if (text === null) return undefined;
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage only costs persistence, never the page.
  }
}

function storedKeys(prefix: string): string[] {
  try {
    return Object.keys(localStorage).filter((key) => key.startsWith(prefix));
  } catch {
    return [];
  }
}

const lessonProgressSchema = z.object({
  sessionId: sessionIdSchema.optional(),
  /** The learner's code as last typed, saved or not. */
  code: z.string().optional(),
  /** Predict mode's answers on the lesson: how many were right, of how many (until the lesson is reset). */
  predictions: z.object({ right: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).optional(),
});
export type LessonProgress = z.infer<typeof lessonProgressSchema>;

const PREFIX = 'gudang:';

export const storedLanguage = {
  get: (): Language | undefined => read(`${PREFIX}language`, languageSchema),
  set: (language: Language) => write(`${PREFIX}language`, language),
};

export const storedLessonId = {
  get: (): string | undefined => read(`${PREFIX}lesson`, z.string().min(1)),
  set: (lessonId: string) => write(`${PREFIX}lesson`, lessonId),
};

export const storedProgress = {
  get: (lessonId: string): LessonProgress => read(`${PREFIX}progress:${lessonId}`, lessonProgressSchema) ?? {},
  update: (lessonId: string, change: Partial<LessonProgress>) => write(`${PREFIX}progress:${lessonId}`, { ...storedProgress.get(lessonId), ...change }),
  /** Every lesson's session id forgotten (the code stays): the next opening asks the server for one. */
  forgetSessions: () => {
    for (const key of storedKeys(`${PREFIX}progress:`)) {
      const lessonId = key.slice(`${PREFIX}progress:`.length);
      const { sessionId: _dropped, ...rest } = storedProgress.get(lessonId);
      write(key, rest);
    }
  },
  clearCode: (lessonId: string) => {
    const { code: _dropped, ...rest } = storedProgress.get(lessonId);
    write(`${PREFIX}progress:${lessonId}`, rest);
  },
};

/** Any stored value with a schema, for small pieces of UI state (history, pane sizes). */
export const storedValue = <T extends z.ZodType>(key: string, schema: T) => ({
  get: (): z.infer<T> | undefined => read(`${PREFIX}${key}`, schema),
  set: (value: z.infer<T>) => write(`${PREFIX}${key}`, value),
});
