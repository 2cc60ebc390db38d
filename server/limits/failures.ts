import type { Failure, FailureOf } from '../contract/failure.js';
import { failureText } from '../contract/failure-words.js';

/** The figures of the sandbox's limits that failures name (SandboxLimits has them all). */
interface Limits {
  timeoutMs: number;
  memoryBytes: number;
  responseBytes: number;
  logBytes: number;
  queriesPerRequest: number;
}

/**
 * Every way a run can fail, built in one place: a failure is a code and the figures its words need
 * (see `server/contract/failure.ts`; the words are in `failure-words.ts`). Code that stops a
 * request calls one of these and never writes a sentence of its own.
 */
export const failures = {
  runtimeError: (detail: string, hint?: FailureOf<'runtime_error'>['params']['hint']): FailureOf<'runtime_error'> => ({ code: 'runtime_error', params: hint ? { detail, hint } : { detail } }),
  noResponse: (): FailureOf<'no_response'> => ({ code: 'no_response', params: {} }),
  timeout: (limits: Limits): FailureOf<'timeout'> => ({ code: 'timeout', params: { limitMs: limits.timeoutMs } }),
  timeoutRestarted: (limits: Limits): FailureOf<'timeout_restarted'> => ({ code: 'timeout_restarted', params: { limitMs: limits.timeoutMs } }),
  outOfMemory: (limits: Limits, stackBytes?: number): FailureOf<'out_of_memory'> => ({
    code: 'out_of_memory',
    params: stackBytes ? { limitBytes: limits.memoryBytes, stackBytes } : { limitBytes: limits.memoryBytes },
  }),
  responseTooLarge: (limits: Limits): FailureOf<'response_too_large'> => ({ code: 'response_too_large', params: { limitBytes: limits.responseBytes } }),
  logTooLarge: (limits: Limits): FailureOf<'log_too_large'> => ({ code: 'log_too_large', params: { limitBytes: limits.logBytes } }),
  tooManyQueries: (limits: Limits): FailureOf<'too_many_queries'> => ({ code: 'too_many_queries', params: { limit: limits.queriesPerRequest } }),
  tooManyRows: (limit: number): FailureOf<'too_many_rows'> => ({ code: 'too_many_rows', params: { limit } }),
  sqlMemoryExceeded: (limitBytes: number): FailureOf<'sql_memory_exceeded'> => ({ code: 'sql_memory_exceeded', params: { limitBytes } }),
  sqlValueTooLarge: (limitBytes: number, what: FailureOf<'sql_value_too_large'>['params']['what']): FailureOf<'sql_value_too_large'> => ({ code: 'sql_value_too_large', params: { limitBytes, what } }),
  queryResultTooLarge: (limitBytes: number): FailureOf<'query_result_too_large'> => ({ code: 'query_result_too_large', params: { limitBytes } }),
  databaseTooLarge: (limitBytes: number): FailureOf<'database_too_large'> => ({ code: 'database_too_large', params: { limitBytes } }),
  payloadTooLarge: (limitBytes: number): FailureOf<'payload_too_large'> => ({ code: 'payload_too_large', params: { limitBytes } }),
  tooManyHeaders: (limit: number, count: number): FailureOf<'too_many_headers'> => ({ code: 'too_many_headers', params: { limit, count } }),
  headersTooLarge: (limitBytes: number, sizeBytes: number): FailureOf<'headers_too_large'> => ({ code: 'headers_too_large', params: { limitBytes, sizeBytes } }),
  paused: (strikes: number, seconds: number): FailureOf<'paused'> => ({ code: 'paused', params: { strikes, seconds } }),
  quarantineFull: (seconds: number): FailureOf<'quarantine_full'> => ({ code: 'quarantine_full', params: { seconds } }),
  sandboxCrashed: (): FailureOf<'sandbox_crashed'> => ({ code: 'sandbox_crashed', params: {} }),
  invalidResponse: (detail: string): FailureOf<'invalid_response'> => ({ code: 'invalid_response', params: { detail } }),
  bodyTooLarge: (limitBytes: number): FailureOf<'body_too_large'> => ({ code: 'body_too_large', params: { limitBytes } }),
  bodyUnreadable: (detail: string): FailureOf<'body_unreadable'> => ({ code: 'body_unreadable', params: { detail } }),
  wrongMethod: (method: string, path: string, allowed: string[]): FailureOf<'wrong_method'> => ({ code: 'wrong_method', params: { method, path, allowed } }),
  bodyInvalidJson: (detail: string): FailureOf<'body_invalid_json'> => ({ code: 'body_invalid_json', params: { detail } }),
};

/** Failures that cost a worker its deadline or its engine: repeated, they pause the session. */
export const COSTLY_FAILURES: ReadonlySet<string> = new Set<Failure['code']>(['timeout', 'timeout_restarted', 'out_of_memory', 'sandbox_crashed']);

/** Thrown by a host capability (the database, the response, the log) when the learner hit one of its limits: ends the request. */
export class LimitExceeded extends Error {
  constructor(readonly failure: Failure) {
    super(failureText(failure, 'en'));
  }
}
