import { z } from 'zod';

/** Session ids are 128-bit random values, base64url without padding (22 characters). */
export const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not a session id');

export const createSessionBodySchema = z.object({
  lessonId: z.string().min(1).max(100),
});
export type CreateSessionBody = z.infer<typeof createSessionBodySchema>;

/**
 * Present when this instance reopened the session from the store (after a restart, or another
 * instance died): the code and the database as last saved. `recentChangesMayBeLost` is true only
 * when a change was still waiting for its write (at most the last second), so the UI says so then.
 */
export const sessionRestoredSchema = z.object({
  /** When the database was last written (ms since the epoch); null: the lesson's own data. */
  savedAt: z.number().nullable(),
  recentChangesMayBeLost: z.boolean(),
});
export type SessionRestored = z.infer<typeof sessionRestoredSchema>;

export const sessionCreatedSchema = z.object({
  sessionId: sessionIdSchema,
  sandboxUrl: z.string(),
  lessonId: z.string(),
  code: z.string(),
  restored: sessionRestoredSchema.optional(),
});
export type SessionCreated = z.infer<typeof sessionCreatedSchema>;

/** Learner code is bounded so one paste cannot fill the server's memory. */
export const MAX_CODE_LENGTH = 100_000;

export const putCodeBodySchema = z.object({
  code: z.string().max(MAX_CODE_LENGTH, `code is longer than ${MAX_CODE_LENGTH} characters`),
});
export type PutCodeBody = z.infer<typeof putCodeBodySchema>;

export const compileProblemSchema = z.object({
  message: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
});
export type CompileProblem = z.infer<typeof compileProblemSchema>;

/** Every error the control API answers with. */
export const apiErrorSchema = z.object({
  error: z.string(),
  /** Which field of the body was wrong, for validation errors. */
  field: z.string().optional(),
  /** Where the editor marks the problem: a compile error, or the line start-up stopped at. */
  compile: compileProblemSchema.optional(),
  /** Start-up (the code's top level) failed: its trace, to step through. */
  startup: z.object({ traceId: z.string().optional() }).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const codeAcceptedSchema = z.object({ ok: z.literal(true), code: z.string() });

export const databaseTableSchema = z.object({
  name: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.string(), primaryKey: z.boolean() })),
  rows: z.array(z.record(z.string(), z.unknown())),
  rowCount: z.number().int().nonnegative(),
  /** Each row's rowid, parallel to `rows` (null in a WITHOUT ROWID table): how a step's changes find their row. */
  rowids: z.array(z.number().int().nullable()).optional(),
  /** The indexes the lesson's schema made, as written (`CREATE INDEX … ON t (a, b)`). */
  indexes: z.array(z.object({ name: z.string(), sql: z.string() })),
});
export type DatabaseTable = z.infer<typeof databaseTableSchema>;

export const databaseSnapshotSchema = z.object({ tables: z.array(databaseTableSchema) });
export type DatabaseSnapshot = z.infer<typeof databaseSnapshotSchema>;
