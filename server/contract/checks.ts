import { z } from 'zod';
import { bilingualSchema } from './lesson.js';

/** The outcome of one lesson check against the learner's code. */
export const checkResultSchema = z.object({
  id: z.string(),
  title: bilingualSchema,
  passed: z.boolean(),
  /** Why it failed, in words a student understands; absent when it passed. */
  message: bilingualSchema.optional(),
  /** The trace of the (last) request the check sent, to open in the flow. */
  traceId: z.string().optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

/** `POST /api/sessions/:id/checks` answers this. */
export const checkReportSchema = z.object({
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  results: z.array(checkResultSchema),
});
export type CheckReport = z.infer<typeof checkReportSchema>;

/** `GET /api/sessions/:id/solution` answers this; the UI shows it as a diff before applying it. */
export const solutionSchema = z.object({ code: z.string() });
export type Solution = z.infer<typeof solutionSchema>;
