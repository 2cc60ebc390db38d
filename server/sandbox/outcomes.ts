import type { Failure } from '../contract/failure.js';
import type { SandboxEventOf, SandboxResponse } from './sandbox-types.js';

type Frame = SandboxEventOf<'error'>['frames'][number];

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

/** What the engine's message says happened, when it is a limit rather than the learner's error. */
export function engineLimit(message: string, deadlinePassed: boolean): 'timeout' | 'out_of_memory' | 'out_of_stack' | null {
  if (/out of memory/i.test(message)) return 'out_of_memory';
  if (/stack overflow/i.test(message)) return 'out_of_stack';
  if (deadlinePassed || /InternalError: interrupted/i.test(message)) return 'timeout';
  return null;
}
