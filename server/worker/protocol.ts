import { z } from 'zod';
import { databaseSnapshotSchema } from '../contract/api.js';
import { sandboxEventSchema, sandboxLimitsSchema, sandboxRequestSchema, sandboxResponseSchema } from '../sandbox/sandbox-types.js';
import { serviceConfigSchema } from '../services/simulated-services.js';

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');

/** Everything a worker needs to bring a session back after a crash. */
export const sessionImageSchema = z.object({
  dbBytes: bytes,
  code: z.string(),
  services: z.array(serviceConfigSchema),
  /** Query steps carry EXPLAIN QUERY PLAN output (a lesson option; off keeps queries fast). */
  queryPlan: z.boolean().optional(),
});
export type SessionImage = z.infer<typeof sessionImageSchema>;

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), sessionId: z.string(), image: sessionImageSchema }),
  z.object({ type: z.literal('code'), sessionId: z.string(), code: z.string() }),
  z.object({ type: z.literal('close'), sessionId: z.string() }),
  z.object({ type: z.literal('request'), id: z.number(), sessionId: z.string(), request: sandboxRequestSchema, limits: sandboxLimitsSchema }),
  z.object({ type: z.literal('database'), id: z.number(), sessionId: z.string() }),
  /** A read of the session database by the server itself (lesson checks), not traced. */
  z.object({ type: z.literal('select'), id: z.number(), sessionId: z.string(), sql: z.string() }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

export const runResultSchema = z.object({
  outcome: z.union([
    z.object({ code: z.literal('ok') }),
    z.object({ code: z.enum(['runtime_error', 'no_response', 'timeout', 'out_of_memory', 'limit_exceeded', 'invalid_response', 'sandbox_crashed']), message: z.string() }),
  ]),
  response: sandboxResponseSchema,
  events: z.array(sandboxEventSchema),
});

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id: z.number(), result: runResultSchema, dbBytes: bytes.optional(), retire: z.boolean().optional() }),
  z.object({ type: z.literal('database'), id: z.number(), snapshot: databaseSnapshotSchema }),
  z.object({ type: z.literal('rows'), id: z.number(), rows: z.array(z.record(z.string(), z.unknown())) }),
  z.object({ type: z.literal('failed'), id: z.number(), message: z.string() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
