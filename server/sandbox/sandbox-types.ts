import { z } from 'zod';
import { failureSchema, type Failure } from '../contract/failure.js';
import { rowChangesSchema, type RowChanges } from '../contract/trace.js';

/** A [line, column] in the compiled learner code, before source-mapping. */
export const positionSchema = z.tuple([z.number().int(), z.number().int()]).nullable();
export type Position = z.infer<typeof positionSchema>;

const at = { t: z.number(), at: positionSchema.optional() };

/** Route parameters: text, or the list of segments a `*name` wildcard matched. */
export const routeParamsSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

const responseFields = {
  status: z.number().int(),
  headers: z.array(z.tuple([z.string(), z.union([z.string(), z.array(z.string())])])),
  /** Text, or base64 when `base64` is set (a Buffer or Uint8Array body). */
  body: z.string(),
  base64: z.boolean().optional(),
  /**
   * Finished by res.send, which in Express then works on the bytes: an ETag (weak or strong, or
   * none), 304 for a fresh request, no body for 204, 205 and 304. The host does that part.
   */
  send: z.object({ etag: z.enum(['weak', 'strong']).or(z.literal(false)) }).optional(),
  /** Written with res.write or after res.writeHead: sent chunked, without Content-Length, as Node does. */
  streamed: z.boolean().optional(),
};

/**
 * What the sandbox reports while it runs one request. `t` is absolute wall-clock milliseconds with
 * sub-millisecond precision (`performance.timeOrigin + performance.now()`), comparable across threads.
 */
export const sandboxEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('enter'),
    id: z.number().int(),
    ...at,
    layer: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('middleware'), index: z.number().int(), name: z.string(), pattern: z.string() }),
      z.object({ kind: z.literal('handler'), method: z.string(), pattern: z.string(), params: routeParamsSchema }),
    ]),
  }),
  z.object({ type: z.literal('leave'), id: z.number().int(), t: z.number(), calledNext: z.boolean() }),
  z.object({
    type: z.literal('query'),
    ...at,
    durationMs: z.number(),
    method: z.enum(['query', 'run']),
    sql: z.string(),
    params: z.unknown(),
    columns: z.array(z.string()),
    rows: z.array(z.record(z.string(), z.unknown())),
    rowCount: z.number().int(),
    rowsAffected: z.number().int(),
    lastInsertRowid: z.number().optional(),
    error: z.string().optional(),
    plan: z.array(z.string()).optional(),
    changes: rowChangesSchema.optional(),
  }),
  /** `level: 'warning'` marks what Gudang itself noticed (a header it dropped), not the learner's log(). */
  z.object({ type: z.literal('log'), ...at, message: z.string(), level: z.literal('warning').optional() }),
  z.object({
    type: z.literal('external'),
    ...at,
    durationMs: z.number(),
    service: z.string(),
    operation: z.string(),
    request: z.unknown(),
    response: z.unknown(),
    ok: z.boolean(),
  }),
  z.object({
    type: z.literal('error'),
    ...at,
    failure: failureSchema,
    frames: z.array(z.object({ fn: z.string().nullable(), line: z.number().int(), column: z.number().int() })),
  }),
  z.object({ type: z.literal('respond'), t: z.number(), ...responseFields }),
]);
export type SandboxEvent = z.infer<typeof sandboxEventSchema>;
export type SandboxEventOf<T extends SandboxEvent['type']> = Extract<SandboxEvent, { type: T }>;

/** The request as the learner's code sees it, already parsed by real Express on the host. */
export const sandboxRequestSchema = z.object({
  method: z.string(),
  url: z.string(),
  path: z.string(),
  query: z.record(z.string(), z.unknown()),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  body: z.unknown().optional(),
  /** The client's address and protocol as the host's Express saw them (req.ip, req.protocol). */
  ip: z.string().optional(),
  protocol: z.string().optional(),
});
export type SandboxRequest = z.infer<typeof sandboxRequestSchema>;

export const sandboxResponseSchema = z.object(responseFields);
export type SandboxResponse = z.infer<typeof sandboxResponseSchema>;

/** Limits for one request. Every one is reported to the learner as an `error` step when hit. */
export const sandboxLimitsSchema = z.object({
  /** Wall-clock budget for the learner's code in one request. @default 1000 */
  timeoutMs: z.number().int().positive(),
  /** Memory the sandbox may use. @default 32 MiB */
  memoryBytes: z.number().int().positive(),
  /** Largest response body. @default 1 MiB */
  responseBytes: z.number().int().positive(),
  /** Total size of `log(...)` output in one request. @default 64 KiB */
  logBytes: z.number().int().positive(),
  /** Queries in one request. @default 200 */
  queriesPerRequest: z.number().int().positive(),
  /** Rows one query may return. @default 5000 */
  rowsPerQuery: z.number().int().positive(),
  /** Largest SQL text, parameter, or value SQL may build or return. @default 1 MiB */
  sqlValueBytes: z.number().int().positive(),
  /** All the values one query may return. @default 8 MiB */
  queryResultBytes: z.number().int().positive(),
  /** What one request's SQL may add to the memory of sql.js (`||`, printf, group_concat, sorting...). @default 64 MiB */
  sqlMemoryBytes: z.number().int().positive(),
  /** Largest session database. @default 16 MiB */
  databaseBytes: z.number().int().positive(),
});
export type SandboxLimits = z.infer<typeof sandboxLimitsSchema>;

export const DEFAULT_LIMITS: SandboxLimits = {
  timeoutMs: 1000,
  memoryBytes: 32 * 1024 * 1024,
  responseBytes: 1024 * 1024,
  logBytes: 64 * 1024,
  queriesPerRequest: 200,
  rowsPerQuery: 5000,
  sqlValueBytes: 1024 * 1024,
  queryResultBytes: 8 * 1024 * 1024,
  sqlMemoryBytes: 64 * 1024 * 1024,
  databaseBytes: 16 * 1024 * 1024,
};

/** How a run ended, keyed by `code` so callers switch on it. */
export type SandboxOutcome = { code: 'ok' } | Failure;

/** What the learner's `db.query` / `db.run` get back from the host. */
export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  rowsAffected: number;
  lastInsertRowid?: number;
  plan?: string[];
  /** The rows a write changed, bounded. */
  changes?: RowChanges;
}

export interface ServiceResult {
  ok: boolean;
  response: unknown;
  latencyMs: number;
  /** Why the call failed; thrown into the learner's code as an Error. */
  error?: string;
}

/** Capabilities the host lends to learner code. Each may throw; the message reaches the learner. */
export interface SandboxHost {
  query(sql: string, params: unknown, method: 'query' | 'run'): QueryResult;
  hash(password: string): string;
  verify(password: string, stored: string): boolean;
  service(service: string, operation: string, input: unknown): ServiceResult;
}

/** What handling one request produced. */
export interface RunResult {
  outcome: SandboxOutcome;
  response: SandboxResponse;
  events: SandboxEvent[];
}

/** What running the learner's top-level code (start-up) produced. */
export interface StartupResult {
  outcome: SandboxOutcome;
  events: SandboxEvent[];
  /** Absolute ms, as event times. */
  startedAt: number;
  endedAt: number;
}
