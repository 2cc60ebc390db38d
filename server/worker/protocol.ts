import { z } from 'zod';
import { databaseSnapshotSchema } from '../contract/api.js';
import { failureSchema } from '../contract/failure.js';
import { sandboxEventSchema, sandboxLimitsSchema, sandboxRequestSchema, sandboxResponseSchema } from '../sandbox/sandbox-types.js';
import { serviceConfigSchema } from '../contract/services.js';

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
  /** Run the code's start-up now (a new session, a reset) rather than before the first request. */
  z.object({ type: z.literal('start'), id: z.number(), sessionId: z.string() }),
  z.object({ type: z.literal('code'), id: z.number(), sessionId: z.string(), code: z.string() }),
  z.object({ type: z.literal('close'), sessionId: z.string() }),
  z.object({ type: z.literal('request'), id: z.number(), sessionId: z.string(), request: sandboxRequestSchema, limits: sandboxLimitsSchema }),
  z.object({ type: z.literal('database'), id: z.number(), sessionId: z.string() }),
  /** A read of the session database by the server itself (lesson checks), not traced. */
  z.object({ type: z.literal('select'), id: z.number(), sessionId: z.string(), sql: z.string() }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

/**
 * A job as the worker reads it. A request job is told by its frame alone: the main thread built it
 * from what Express parsed (the hot path skips checking it again with zod); the rarer jobs are checked in full.
 */
export function decodeToWorker(raw: unknown): { success: true; data: ToWorker } | { success: false } {
  const m = raw as { type?: unknown; id?: unknown; sessionId?: unknown; request?: { method?: unknown }; limits?: unknown } | null;
  const isRequest =
    typeof m === 'object' && m !== null && m.type === 'request' && typeof m.id === 'number' && typeof m.sessionId === 'string' && typeof m.request?.method === 'string' && typeof m.limits === 'object';
  return isRequest ? { success: true, data: raw as ToWorker } : toWorkerSchema.safeParse(raw);
}

const outcomeSchema = z.union([z.object({ code: z.literal('ok') }), failureSchema]);

export const runResultSchema = z.object({
  outcome: outcomeSchema,
  response: sandboxResponseSchema,
  events: z.array(sandboxEventSchema),
});

/** What running the code's top level (start-up) did. */
export const startupResultSchema = z.object({ outcome: outcomeSchema, events: z.array(sandboxEventSchema), startedAt: z.number(), endedAt: z.number() });

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('result'),
    id: z.number(),
    result: runResultSchema,
    startup: startupResultSchema.optional(),
    dbBytes: bytes.optional(),
    retire: z.boolean().optional(),
    /** The request's phases in the worker, with GUDANG_PROFILE=1 only (the bench's breakdown). */
    profile: z.record(z.string(), z.number()).optional(),
  }),
  /** Code was started: answers a 'code' or 'start' job (no start-up when the app was already loaded). */
  z.object({ type: z.literal('loaded'), id: z.number(), startup: startupResultSchema.optional(), dbBytes: bytes.optional() }),
  z.object({ type: z.literal('database'), id: z.number(), snapshot: databaseSnapshotSchema }),
  z.object({ type: z.literal('rows'), id: z.number(), rows: z.array(z.record(z.string(), z.unknown())) }),
  z.object({ type: z.literal('failed'), id: z.number(), message: z.string() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;

/**
 * What crosses from a worker to the main thread: the message as one JSON string (a string is
 * copied at memcpy speed, where structured cloning a trace's many small objects cost ~0.2 ms) and
 * the database bytes, transferred rather than copied.
 */
export interface WireMessage {
  json: string;
  dbBytes?: Uint8Array;
}

export function encodeFromWorker(message: FromWorker): { wire: WireMessage; transfer: ArrayBuffer[] } {
  if ((message.type === 'result' || message.type === 'loaded') && message.dbBytes) {
    const { dbBytes: bytes, ...rest } = message;
    // Only a buffer of its own may be transferred (never a view into WebAssembly memory).
    const dbBytes = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    return { wire: { json: JSON.stringify(rest), dbBytes }, transfer: [dbBytes.buffer as ArrayBuffer] };
  }
  return { wire: { json: JSON.stringify(message) }, transfer: [] };
}

type Decoded = { success: true; data: FromWorker } | { success: false };

/**
 * A request's result, told by its frame alone. The worker is Gudang's own code, and what the guest
 * sent it was checked and bounded where it entered (`RequestRun`), so the hot path does not check
 * the whole result again with zod (that took a fifth of the main thread's time per request); the
 * worker tests check real results against `fromWorkerSchema` instead.
 */
function isResultFrame(message: unknown): message is Extract<FromWorker, { type: 'result' }> {
  const m = message as { type?: unknown; id?: unknown; result?: { outcome?: unknown; response?: { status?: unknown }; events?: unknown } } | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.type === 'result' &&
    typeof m.id === 'number' &&
    typeof m.result?.outcome === 'object' &&
    typeof m.result.response?.status === 'number' &&
    Array.isArray(m.result.events)
  );
}

/** Decodes and validates; anything malformed is a failed parse, never an exception. */
export function decodeFromWorker(raw: unknown): Decoded {
  const wire = raw as Partial<WireMessage> | null;
  if (!wire || typeof wire.json !== 'string') return fromWorkerSchema.safeParse(raw);
  let message: unknown;
  try {
    message = JSON.parse(wire.json);
  } catch {
    message = undefined;
  }
  if (wire.dbBytes instanceof Uint8Array && message && typeof message === 'object') (message as Record<string, unknown>).dbBytes = wire.dbBytes;
  if (isResultFrame(message)) return { success: true, data: message };
  return fromWorkerSchema.safeParse(message);
}
