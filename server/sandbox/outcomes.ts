import type { Failure, FailureOf } from '../contract/failure.js';
import { failureText } from '../contract/failure-words.js';
import { clipText } from '../limits/bounds.js';
import { failures } from '../limits/failures.js';
import { runtimeHint } from './runtime-hints.js';
import type { RunResult, SandboxEventOf, SandboxLimits, SandboxResponse, StartupResult } from './sandbox-types.js';

/**
 * How runs end, built in one place: the error event of a failure, the answers a failed run gives,
 * and which failure an error the engine raised stands for. The words are `failureText`'s.
 */

type Frame = SandboxEventOf<'error'>['frames'][number];

/** The clock of every event: absolute milliseconds, comparable across threads. */
export const now = () => performance.timeOrigin + performance.now();

/** The guest's stack for QuickJS (setMaxStackSize); running out of it is running out of memory. */
export const STACK_BYTES = 256 * 1024;
/** Characters of an error message kept (the guest cuts at 2,000 first; this is the host's own bound). */
export const ERROR_CHARS = 4096;

/** The trace event for a failure; `frames` are the learner's, innermost first. */
export function failureEvent(failure: Failure, t: number, frames: Frame[] = []): SandboxEventOf<'error'> {
  const top = frames[0];
  return { type: 'error', t, failure, frames, ...(top ? { at: [top.line, top.column] as [number, number] } : {}) };
}

/**
 * Express's default 500 page (production mode), the answer to every failure of the learner's code:
 * the details are in the trace, not the body.
 */
export const INTERNAL_ERROR: SandboxResponse = {
  status: 500,
  headers: [['Content-Type', 'text/html; charset=utf-8']],
  body: '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Internal Server Error</pre>\n</body>\n</html>\n',
};

/** A request that failed before or without the learner's code answering: a 500 and one error step. */
export function failedRun(failure: Failure): RunResult {
  return { outcome: failure, response: INTERNAL_ERROR, events: [failureEvent(failure, now())] };
}

/** A start-up that failed outside the learner's code (its worker timed out or died). */
export function failedStartup(failure: Failure): StartupResult {
  return { outcome: failure, events: [failureEvent(failure, now())], startedAt: now(), endedAt: now() };
}

/** Gudang's own refusal, before the learner's code ran: JSON whose `error` is the sentence saying why. */
export function refusalResponse(status: number, failure: Failure, headers: [string, string][] = []): SandboxResponse {
  return { status, headers: [['Content-Type', 'application/json; charset=utf-8'], ...headers], body: JSON.stringify({ error: failureText(failure, 'en') }) };
}

/** A paused session's answer: 503 with `Retry-After` and the sentence saying why. */
export function pausedRun(pausedMs: number, strikes: number): RunResult {
  return notRunNow(failures.paused(strikes, Math.ceil(pausedMs / 1000)));
}

/** An offender's answer when the quarantine has too many requests waiting: 503 with `Retry-After`. */
export function quarantineFullRun(seconds: number): RunResult {
  return notRunNow(failures.quarantineFull(seconds));
}

function notRunNow(failure: FailureOf<'paused' | 'quarantine_full'>): RunResult {
  return { outcome: failure, response: refusalResponse(503, failure, [['Retry-After', String(failure.params.seconds)]]), events: [failureEvent(failure, now())] };
}

/** The bytes of a response body, which the guest sends as text or, for binary bodies, as base64. */
export function responseBody(response: SandboxResponse): Buffer {
  return Buffer.from(response.body, response.base64 ? 'base64' : 'utf8');
}

type EngineLimit = 'timeout' | 'out_of_memory' | 'out_of_stack';

/** What the engine's message says happened, when it is a limit rather than the learner's error. */
export function engineLimit(message: string, deadlinePassed: boolean): EngineLimit | null {
  if (/out of memory/i.test(message)) return 'out_of_memory';
  if (/stack overflow/i.test(message)) return 'out_of_stack';
  if (deadlinePassed || /InternalError: interrupted/i.test(message)) return 'timeout';
  return null;
}

/**
 * The failure an error in the guest stands for: the memory budget spent, a limit the engine hit
 * (out of time, memory or stack), or else the learner's own error with a hint.
 */
export function guestErrorFailure(message: string, limits: SandboxLimits, run: { memoryOver: boolean; deadlinePassed: boolean; hadBody: boolean }): Failure {
  const limit = run.memoryOver ? 'out_of_memory' : engineLimit(message, run.deadlinePassed);
  if (limit === 'timeout') return failures.timeout(limits);
  if (limit) return failures.outOfMemory(limits, limit === 'out_of_stack' ? STACK_BYTES : undefined);
  return failures.runtimeError(clipText(message, ERROR_CHARS), runtimeHint(message, { hadBody: run.hadBody }));
}
