import { z } from 'zod';
import { bilingualSchema } from './lesson.js';
import { traceSchema } from './trace.js';

/** Six characters a student can read off a board: no 0/O, 1/I/L. Typed in any case. */
export const CLASS_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const classCodeSchema = z
  .string()
  .transform((code) => code.trim().toUpperCase())
  .pipe(z.string().regex(new RegExp(`^[${CLASS_CODE_ALPHABET}]{6}$`), 'a class code is 6 letters and digits, as the teacher wrote it'));

export const classPasswordSchema = z.string().min(8, 'the class password needs at least 8 characters').max(200);

/** `POST /api/classes`: a teacher makes a class. */
export const createClassBodySchema = z.object({
  name: z.string().trim().min(1, 'give the class a name').max(80),
  password: classPasswordSchema,
});
export type CreateClassBody = z.infer<typeof createClassBodySchema>;

/** `POST /api/classes/:code/login`: the teacher again, on another device or after the cookie expired. */
export const teacherLoginBodySchema = z.object({ password: z.string().min(1).max(200) });
export type TeacherLoginBody = z.infer<typeof teacherLoginBodySchema>;

/** `POST /api/classes/:code/students`: a student joins with a name only (no e-mail, no password). */
export const joinClassBodySchema = z.object({
  displayName: z
    .string()
    .trim()
    .min(1, 'type your name')
    .max(40, 'a name of at most 40 characters')
    // Shown in the teacher's table and exported as CSV: no control characters.
    .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'a name of letters, digits, spaces and punctuation'),
});
export type JoinClassBody = z.infer<typeof joinClassBodySchema>;

export const classInfoSchema = z.object({ code: z.string(), name: z.string() });
export type ClassInfo = z.infer<typeof classInfoSchema>;

export const studentInfoSchema = z.object({ id: z.string(), displayName: z.string(), class: classInfoSchema });
export type StudentInfo = z.infer<typeof studentInfoSchema>;

export const lessonStatusSchema = z.enum(['not_started', 'trying', 'done']);
export type LessonStatus = z.infer<typeof lessonStatusSchema>;

/** Predict mode's answers on a lesson: how many were right, of how many. */
export const predictionCountSchema = z.object({ right: z.number().int().nonnegative(), total: z.number().int().nonnegative() });
export type PredictionCount = z.infer<typeof predictionCountSchema>;

/** `POST /api/sessions/:id/predictions`: answers just given in predict mode, added to a class student's count on the lesson. */
export const predictionsBodySchema = z
  .strictObject({ right: z.number().int().min(0).max(10), total: z.number().int().min(1).max(10) })
  .refine((answers) => answers.right <= answers.total, { message: 'right is at most total', path: ['right'] });
export type PredictionsBody = z.infer<typeof predictionsBodySchema>;
/** Its answer: whether the count was kept (only a class student's is; anyone else's stays in their browser). */
export const predictionsRecordedSchema = z.object({ kept: z.boolean() });
export type PredictionsRecorded = z.infer<typeof predictionsRecordedSchema>;

/** One student on one lesson. */
export const lessonProgressSchema = z.object({
  status: lessonStatusSchema,
  /** From the latest check run; null before the first. */
  checksPassed: z.number().int().nullable(),
  checksTotal: z.number().int().nullable(),
  /** Ids of the checks failing in the latest run, in the lesson's order. */
  failingChecks: z.array(z.string()),
  /** ms since the epoch; null when not started. */
  lastActivityAt: z.number().nullable(),
  /** Absent until the student answers a prediction on the lesson (and again after they reset it). */
  predictions: predictionCountSchema.optional(),
});
export type LessonProgress = z.infer<typeof lessonProgressSchema>;

/** `GET /api/me`: who this browser is in a class (null: no class, Gudang works as without one). */
export const meSchema = z.object({
  student: studentInfoSchema.nullable(),
  progress: z.record(z.string(), lessonProgressSchema),
});
export type Me = z.infer<typeof meSchema>;

export const classTableSchema = z.object({
  class: classInfoSchema,
  lessons: z.array(z.object({ id: z.string(), title: bilingualSchema, checks: z.array(z.object({ id: z.string(), title: bilingualSchema })) })),
  students: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      lastActivityAt: z.number().nullable(),
      /** By lesson id; every lesson is present. */
      lessons: z.record(z.string(), lessonProgressSchema),
    }),
  ),
  /** Per lesson: where the class is stuck. */
  stuck: z.array(
    z.object({
      lessonId: z.string(),
      /** The check failing for the most students in their latest run; null when none fails. */
      mostFailing: z.object({ checkId: z.string(), students: z.number().int() }).nullable(),
      /** Students still trying, grouped by the first check they fail: one explanation per group. */
      groups: z.array(z.object({ checkId: z.string(), studentIds: z.array(z.string()) })),
    }),
  ),
});
export type ClassTable = z.infer<typeof classTableSchema>;

/** `GET /api/classes/:code/students/:studentId/lessons/:lessonId`: what the teacher opens read-only. */
export const studentWorkSchema = z.object({
  /** The student's latest saved code on the lesson; null when they never opened it. */
  code: z.string().nullable(),
  /** Their newest traces on the lesson, newest first (the store keeps the last few). */
  traces: z.array(traceSchema),
});
export type StudentWork = z.infer<typeof studentWorkSchema>;
