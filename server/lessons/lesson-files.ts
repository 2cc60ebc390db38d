import { z } from 'zod';
import { bilingualSchema, suggestedRequestSchema } from '../contract/lesson.js';
import { serviceConfigSchema } from '../contract/services.js';

/** Frontmatter of `lesson.md` (English text follows it). */
export const lessonFrontmatterSchema = z.strictObject({
  title: z.string().min(1).describe('The English title; the Indonesian one is in lesson.id.md'),
  order: z.number().int().nonnegative().describe('Position in the course'),
  suggestedRequests: z.array(suggestedRequestSchema).default([]).describe('Requests offered one click away in the request panel'),
  services: z.array(serviceConfigSchema).default([]).describe('Simulated outside services the learner code may call'),
  hints: z.array(bilingualSchema).default([]).describe('Shown one at a time when the student asks'),
  walkthrough: z.boolean().default(false).describe('A lesson to read and try, with nothing to solve: its starter need not fail a check'),
  predict: z.boolean().default(false).describe('Start the request panel in predict mode: the learner guesses the status and the stages before the flow plays'),
  queryPlan: z.boolean().default(false).describe('Show EXPLAIN QUERY PLAN of each SELECT in its query step (slower, so off by default)'),
});
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;

/** Frontmatter of `lesson.id.md` (Bahasa Indonesia text follows it). */
export const translationFrontmatterSchema = z.strictObject({
  title: z.string().min(1).describe('The Bahasa Indonesia title'),
});
export type TranslationFrontmatter = z.infer<typeof translationFrontmatterSchema>;
