import { z } from 'zod';
import { bilingualSchema, suggestedRequestSchema } from '../contract/lesson.js';
import { serviceConfigSchema } from '../services/simulated-services.js';

/** Frontmatter of `lesson.md` (English text follows it). */
export const lessonFrontmatterSchema = z.strictObject({
  title: z.string().min(1),
  order: z.number().int().nonnegative(),
  suggestedRequests: z.array(suggestedRequestSchema).default([]),
  services: z.array(serviceConfigSchema).default([]),
  hints: z.array(bilingualSchema).default([]),
  walkthrough: z.boolean().default(false),
});

/** Frontmatter of `lesson.id.md` (Bahasa Indonesia text follows it). */
export const translationFrontmatterSchema = z.strictObject({
  title: z.string().min(1),
});
