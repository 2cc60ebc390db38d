import { z } from 'zod';
import { failureSchema } from './failure.js';

/** Headers as recorded: lower-case names, one string (or a list for repeated headers). */
export const headersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type Headers = z.infer<typeof headersSchema>;

/** Where in the diagram a step happens. Middleware and services carry their own id. */
export const nodeIdSchema = z.string().regex(/^(client|express|handler|database|response|middleware:\d+|service:[a-z][a-zA-Z0-9_-]*)$/);
export type NodeId = z.infer<typeof nodeIdSchema>;

const stepBase = {
  seq: z.number().int().nonnegative(),
  node: nodeIdSchema,
  /** Milliseconds from the moment the request was received (monotonic clock). */
  startMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  /** The line of the learner's code that caused this step, when there is one. */
  line: z.number().int().positive().optional(),
};

export const receiveStepSchema = z.object({
  ...stepBase,
  kind: z.literal('receive'),
  data: z.object({
    method: z.string(),
    url: z.string(),
    path: z.string(),
    query: z.record(z.string(), z.unknown()),
    headers: headersSchema,
    rawBody: z.string().nullable(),
    rawBodyTruncated: z.boolean(),
    body: z.unknown().optional(),
    bodyError: z.object({ message: z.string(), position: z.number().int().optional() }).optional(),
  }),
});

export const middlewareStepSchema = z.object({
  ...stepBase,
  kind: z.literal('middleware'),
  data: z.object({
    index: z.number().int().nonnegative(),
    name: z.string(),
    pattern: z.string().optional(),
    calledNext: z.boolean(),
  }),
});

export const processStepSchema = z.object({
  ...stepBase,
  kind: z.literal('process'),
  data: z.object({
    method: z.string(),
    pattern: z.string(),
    /** Text, or the list of segments a `*name` wildcard matched. */
    params: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  }),
});

/** One row a write changed: its values before (update, delete) and after (insert, update). */
export const rowChangeSchema = z.object({
  op: z.enum(['insert', 'update', 'delete']),
  table: z.string(),
  /** null for a WITHOUT ROWID table. */
  rowid: z.number().int().nullable(),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()).optional(),
});
export type RowChange = z.infer<typeof rowChangeSchema>;

/** The rows one statement changed, at most a bounded few; `cut` says more changed than are listed. */
export const rowChangesSchema = z.object({ rows: z.array(rowChangeSchema), cut: z.boolean() });
export type RowChanges = z.infer<typeof rowChangesSchema>;

export const queryStepSchema = z.object({
  ...stepBase,
  kind: z.literal('query'),
  data: z.object({
    sql: z.string(),
    params: z.unknown(),
    /** `query` returns rows; `run` returns changes. */
    method: z.enum(['query', 'run']),
    columns: z.array(z.string()),
    rows: z.array(z.record(z.string(), z.unknown())),
    /** How many rows the statement returned; `rows` holds at most the first few. */
    rowCount: z.number().int().nonnegative(),
    rowsAffected: z.number().int().nonnegative(),
    lastInsertRowid: z.number().optional(),
    error: z.string().optional(),
    plan: z.array(z.string()).optional(),
    /** The rows a write changed (a ROLLBACK lists its transaction's changes, undone); absent for reads. */
    changes: rowChangesSchema.optional(),
  }),
});

export const logStepSchema = z.object({
  ...stepBase,
  kind: z.literal('log'),
  /** `level: 'warning'`: something Gudang did to the learner's response (a framing header dropped). */
  data: z.object({ message: z.string(), level: z.literal('warning').optional() }),
});

export const externalStepSchema = z.object({
  ...stepBase,
  kind: z.literal('external'),
  data: z.object({
    service: z.string(),
    operation: z.string(),
    request: z.unknown(),
    response: z.unknown(),
    ok: z.boolean(),
    latencyMs: z.number().nonnegative(),
  }),
});

export const errorStepSchema = z.object({
  ...stepBase,
  kind: z.literal('error'),
  /**
   * What went wrong as a code and figures (`{ code: 'timeout', params: { limitMs: 1000 } }`), which
   * the UI words in the learner's language; `message` is the English wording, for curl and logs.
   */
  data: failureSchema.and(
    z.object({
      message: z.string(),
      /** Frames inside the learner's code only, innermost first. */
      stack: z.array(z.object({ fn: z.string().nullable(), line: z.number().int().positive() })),
    }),
  ),
});

export const respondStepSchema = z.object({
  ...stepBase,
  kind: z.literal('respond'),
  data: z.object({
    status: z.number().int(),
    headers: headersSchema,
    contentType: z.string().nullable(),
    body: z.string(),
    bodyTruncated: z.boolean(),
    size: z.number().int().nonnegative(),
  }),
});

export const stepSchema = z.discriminatedUnion('kind', [
  receiveStepSchema,
  middlewareStepSchema,
  processStepSchema,
  queryStepSchema,
  logStepSchema,
  externalStepSchema,
  errorStepSchema,
  respondStepSchema,
]);
export type Step = z.infer<typeof stepSchema>;
export type StepKind = Step['kind'];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

export const traceSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  /** Wall-clock time the request arrived, ISO 8601. */
  startedAt: z.string(),
  method: z.string(),
  url: z.string(),
  status: z.number().int(),
  durationMs: z.number().nonnegative(),
  /**
   * Sent by the learner (request panel, curl), by a lesson check on a copy of the database, the
   * code's start-up (its top level, run when the code is saved, reset or loaded again), or a learner
   * request sent again to the lesson's solution on a copy of the learner's data (compare with the solution).
   */
  origin: z.enum(['learner', 'check', 'startup', 'solution']),
  steps: z.array(stepSchema),
});
export type Trace = z.infer<typeof traceSchema>;

export const traceSummarySchema = traceSchema.omit({ steps: true }).extend({
  stepCount: z.number().int().nonnegative(),
  queryCount: z.number().int().nonnegative(),
  error: z.string().optional(),
});
export type TraceSummary = z.infer<typeof traceSummarySchema>;

/** `POST /api/sessions/:id/traces/:traceId/compare-with-solution` answers this: the learner's run and the solution's run of the same request. */
export const solutionComparisonSchema = z.object({ learner: traceSchema, solution: traceSchema });
export type SolutionComparison = z.infer<typeof solutionComparisonSchema>;
