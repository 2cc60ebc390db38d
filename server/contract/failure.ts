import { z } from 'zod';

/**
 * Why a request (or the learner's code) failed, keyed by `code`, with the figures the message
 * needs as `params`. The server never words a failure for the learner: the UI does, in the
 * learner's language, from `failure-words.ts`. To add a failure: add a line here, then its words
 * in both languages there (the compiler insists).
 */
const failure = <C extends string, P extends z.ZodRawShape>(code: C, params: P) => z.object({ code: z.literal(code), params: z.object(params) });

const limitBytes = { limitBytes: z.number().int().positive() };
/** Text written by someone else (QuickJS, SQLite, esbuild, Node), shown as it is under our words. */
const detail = { detail: z.string() };

/** Recognisable runtime errors that get a plain explanation beside the engine's jargon. */
export const hintCodeSchema = z.enum([
  'no_json_body',
  'undefined_value',
  'not_defined',
  'not_a_function',
  'unique_violation',
  'no_such_table',
  'no_such_column',
  'sql_syntax',
  'outside_request',
  'prototype_changed',
]);
export type HintCode = z.infer<typeof hintCodeSchema>;

export const failureSchema = z.discriminatedUnion('code', [
  /** The learner's code threw. */
  failure('runtime_error', { ...detail, hint: hintCodeSchema.optional() }),
  failure('no_response', {}),
  failure('timeout', { limitMs: z.number().positive() }),
  /** A statement that could not be interrupted: the worker thread was restarted. */
  failure('timeout_restarted', { limitMs: z.number().positive() }),
  /** `stackBytes`: it was the call stack that ran out (a recursion too deep). */
  failure('out_of_memory', { ...limitBytes, stackBytes: z.number().int().positive().optional() }),
  failure('response_too_large', limitBytes),
  failure('log_too_large', limitBytes),
  failure('too_many_queries', { limit: z.number().int().positive() }),
  failure('too_many_rows', { limit: z.number().int().positive() }),
  /** SQL (`||`, printf, group_concat, a sort...) needed more memory in one request than it may add. */
  failure('sql_memory_exceeded', limitBytes),
  /** SQL text, a parameter, or a value a query returned or a function was asked to build. */
  failure('sql_value_too_large', { ...limitBytes, what: z.enum(['text', 'parameter', 'value']) }),
  failure('query_result_too_large', limitBytes),
  failure('database_too_large', limitBytes),
  /** One call from the learner's code to db, log, res or services carried more than this. */
  failure('payload_too_large', limitBytes),
  failure('too_many_headers', { limit: z.number().int().positive(), count: z.number().int().positive() }),
  failure('headers_too_large', { ...limitBytes, sizeBytes: z.number().int().positive() }),
  /** Stopped several times in a row, so Gudang rests the code for a while. */
  failure('paused', { strikes: z.number().int().positive(), seconds: z.number().int().positive() }),
  /** New or stopped code waits in a separate sandbox, and too many requests wait there. */
  failure('quarantine_full', { seconds: z.number().int().positive() }),
  failure('sandbox_crashed', {}),
  /** Node refused what the learner's code answered (a bad header, say). */
  failure('invalid_response', detail),
  failure('body_too_large', limitBytes),
  failure('body_unreadable', detail),
  failure('body_invalid_json', detail),
  /** Not a failure of the code: Express answered 404, but the path exists with other methods. */
  failure('wrong_method', { method: z.string(), path: z.string(), allowed: z.array(z.string()) }),
]);
export type Failure = z.infer<typeof failureSchema>;
export type FailureCode = Failure['code'];
export type FailureOf<C extends FailureCode> = Extract<Failure, { code: C }>;

export const failureCodes = failureSchema.options.map((option) => option.shape.code.value) as FailureCode[];
