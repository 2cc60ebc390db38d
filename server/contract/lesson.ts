import { z } from 'zod';
import { serviceConfigSchema } from './services.js';

export const languageSchema = z.enum(['en', 'id']);
export type Language = z.infer<typeof languageSchema>;

/** Text an instructor writes twice: English and Bahasa Indonesia. */
export const bilingualSchema = z.object({ en: z.string().min(1), id: z.string().min(1) });
export type Bilingual = z.infer<typeof bilingualSchema>;

export const httpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** A request the lesson offers one click away in the request panel. */
export const suggestedRequestSchema = z.object({
  label: bilingualSchema,
  method: httpMethodSchema,
  /** Path inside the learner's app, e.g. /api/products/1?fields=name */
  path: z.string().startsWith('/'),
  headers: z.record(z.string(), z.string()).default({}),
  /** JSON body, sent as application/json. */
  body: z.unknown().optional(),
});
export type SuggestedRequest = z.infer<typeof suggestedRequestSchema>;

export const lessonSummarySchema = z.object({
  id: z.string(),
  order: z.number().int(),
  title: bilingualSchema,
});
export type LessonSummary = z.infer<typeof lessonSummarySchema>;

/** What the browser gets of a lesson: never the solution's internals beyond what Solve shows. */
export const lessonSchema = lessonSummarySchema.extend({
  text: bilingualSchema,
  starterCode: z.string(),
  suggestedRequests: z.array(suggestedRequestSchema),
  services: z.array(serviceConfigSchema),
  hints: z.array(bilingualSchema),
  /** A lesson to read and try, with nothing to solve. */
  walkthrough: z.boolean(),
  /** The request panel starts in predict mode: the learner says what will happen before watching it. */
  predict: z.boolean().optional(),
});
export type Lesson = z.infer<typeof lessonSchema>;

/** `event: lesson` on /api/lessons/events: a lesson's files changed (dev), with what is now wrong in it. */
export const lessonChangeSchema = z.object({
  id: z.string(),
  /** `file:line — field — problem`; empty once the lesson is sound. While not empty, the last good version is served. */
  problems: z.array(z.string()),
});
export type LessonChange = z.infer<typeof lessonChangeSchema>;
