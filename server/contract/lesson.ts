import { z } from 'zod';
import { serviceConfigSchema } from './services.js';

export const languageSchema = z.enum(['en', 'id']);
export type Language = z.infer<typeof languageSchema>;

/** Text an instructor writes twice: English and Bahasa Indonesia. */
export const bilingualSchema = z.object({ en: z.string().min(1), id: z.string().min(1) });
export type Bilingual = z.infer<typeof bilingualSchema>;

export const httpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** A stage a learner can predict a request reaches: the handler, the database or one of the lesson's services. */
export const predictStageSchema = z.string().regex(/^(handler|database|service:[a-z][a-zA-Z0-9_-]*)$/, 'handler, database or service:<name>');

/**
 * What predict mode asks about a suggested request, each with the author's answer (with the
 * solution's code) and why; the learner is scored against the trace, and reads the why afterwards.
 */
export const predictPromptSchema = z.strictObject({
  status: z
    .strictObject({
      answer: z.number().int().min(100).max(599),
      /** The codes offered to pick from (the common ones when absent); typing another is always possible. */
      choices: z.array(z.number().int().min(100).max(599)).min(2).optional(),
      explain: bilingualSchema,
    })
    .optional(),
  /** The stages the request reaches (of handler, database and the lesson's services). */
  stages: z.strictObject({ answer: z.array(predictStageSchema), explain: bilingualSchema }).optional(),
  /** How many rows the request's last SELECT returns. */
  rows: z.strictObject({ answer: z.number().int().nonnegative(), explain: bilingualSchema }).optional(),
  /** How many queries the request runs (every query step: N+1 shows as a count). */
  queries: z.strictObject({ answer: z.number().int().nonnegative(), explain: bilingualSchema }).optional(),
});
export type PredictPrompt = z.infer<typeof predictPromptSchema>;

/** A request the lesson offers one click away in the request panel. */
export const suggestedRequestSchema = z.object({
  label: bilingualSchema,
  method: httpMethodSchema,
  /** Path inside the learner's app, e.g. /api/products/1?fields=name */
  path: z.string().startsWith('/'),
  headers: z.record(z.string(), z.string()).default({}),
  /** JSON body, sent as application/json. */
  body: z.unknown().optional(),
  /** Asked before this request is sent in predict mode. */
  predict: predictPromptSchema.optional(),
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
