import { randomUUID } from 'node:crypto';
import type { CheckReport, CheckResult } from '../contract/checks.js';
import { failureTextWithHint } from '../contract/failure-words.js';
import type { Bilingual } from '../contract/lesson.js';
import type { StepOf, Trace } from '../contract/trace.js';
import type { Check, CheckRequest } from '../lessons/check-files.js';
import type { FieldPath } from '../lessons/field-path.js';
import type { CompiledCode } from '../sandbox/compile.js';
import type { SandboxRequest } from '../sandbox/sandbox-types.js';
import { now, responseBody } from '../sandbox/outcomes.js';
import type { ServiceConfig } from '../contract/services.js';
import { buildTrace } from '../trace/build-trace.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { fillIn, pick, toSandboxRequest, type Saved } from './check-request.js';
import { matchResponse, type Observed } from './expectations.js';
import { matchValue, type Mismatch } from './match-value.js';
import { inTemporarySession } from './temporary-session.js';

/** What running checks needs of a lesson. A catalog entry has all of it. */
export interface CheckableLesson {
  checks: Check[];
  initialDb: Uint8Array;
  /** Where a check with a `setup` starts instead of initialDb, by check id. */
  checkDbs?: Record<string, Uint8Array>;
  queryPlan: boolean;
  lesson: { services: ServiceConfig[] };
}

export interface ChecksRun {
  report: CheckReport;
  /** Every request's trace, in the order sent; origin 'check'. */
  traces: Trace[];
  /** Where each failed check failed in checks.yaml, by check id: ['steps', 1] is its second step. */
  failedAt: Record<string, FieldPath>;
}

interface CheckRun {
  result: CheckResult;
  traces: Trace[];
  failedAt?: FieldPath;
}

/** Trace bodies are capped like a learner's; checks match the whole body. */
const TRACE_BODY_CHARS = 64 * 1024;

/** `?q=x%27%20UNION` as the student would type it. */
const readable = (path: string) => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

const lowerHeaders = (pairs: [string, string | string[]][]) => Object.fromEntries(pairs.map(([name, value]) => [name.toLowerCase(), value]));

/**
 * Runs every check of a lesson against compiled learner code. Each check gets its own fresh copy
 * of the lesson database in a temporary sandbox session, so the learner's own data is never
 * touched and checks cannot disturb each other. Traces carry `traceSessionId` so the learner's
 * session can list and open them.
 */
export async function runChecks(pool: WorkerPool, lesson: CheckableLesson, compiled: CompiledCode, traceSessionId: string): Promise<ChecksRun> {
  const runs = await Promise.all(lesson.checks.map((check) => runCheck(pool, lesson, check, compiled, traceSessionId)));
  const results = runs.map((r) => r.result);
  return {
    report: { passed: results.filter((r) => r.passed).length, total: results.length, results },
    traces: runs.flatMap((r) => r.traces),
    failedAt: Object.fromEntries(runs.flatMap((r) => (r.failedAt ? [[r.result.id, r.failedAt]] : []))),
  };
}

/** One request of a check, sent to the check's session and traced like a learner's. */
export function send(pool: WorkerPool, sessionId: string, request: CheckRequest, compiled: CompiledCode, traceSessionId: string): Promise<{ trace: Trace; observed: Observed }> {
  return sendPrepared(pool, sessionId, toSandboxRequest(request), compiled, traceSessionId, 'check');
}

/** A request Express would have received, sent to a temporary session and traced like a learner's. */
export async function sendPrepared(
  pool: WorkerPool,
  sessionId: string,
  { request: sandboxRequest, receive }: { request: SandboxRequest; receive: StepOf<'receive'>['data'] },
  compiled: CompiledCode,
  traceSessionId: string,
  origin: 'check' | 'solution',
): Promise<{ trace: Trace; observed: Observed }> {
  const receivedAt = now();
  const result = await pool.request(sessionId, sandboxRequest);
  const respondedAt = now();
  const headers = lowerHeaders(result.response.headers);
  const contentType = headers['content-type'];
  const text = responseBody(result.response).toString('utf8');
  const trace = buildTrace({
    id: randomUUID(),
    sessionId: traceSessionId,
    receivedAt,
    dispatchedAt: receivedAt,
    receive,
    events: result.events,
    respondedAt,
    origin,
    lineOf: compiled.lineOf,
    response: {
      status: result.response.status,
      headers,
      contentType: typeof contentType === 'string' ? contentType : null,
      body: text.slice(0, TRACE_BODY_CHARS),
      bodyTruncated: text.length > TRACE_BODY_CHARS,
      size: Buffer.byteLength(text),
    },
  });
  return { trace, observed: { status: result.response.status, headers, text, steps: trace.steps } };
}

async function runCheck(pool: WorkerPool, lesson: CheckableLesson, check: Check, compiled: CompiledCode, traceSessionId: string): Promise<CheckRun> {
  const image = { dbBytes: lesson.checkDbs?.[check.id] ?? lesson.initialDb, code: compiled.js, services: lesson.lesson.services, queryPlan: lesson.queryPlan };
  return inTemporarySession(pool, 'check', image, (sessionId) => runCheckIn(pool, sessionId, check, compiled, traceSessionId));
}

async function runCheckIn(pool: WorkerPool, sessionId: string, check: Check, compiled: CompiledCode, traceSessionId: string): Promise<CheckRun> {
  const traces: Trace[] = [];
  const fail = (failedAt: FieldPath, where: string, mismatch: Mismatch | Bilingual, extra?: Bilingual): CheckRun => {
    const detail = 'at' in mismatch && mismatch.at.startsWith('body.') ? { en: `${mismatch.at}: ${mismatch.en}`, id: `${mismatch.at}: ${mismatch.id}` } : mismatch;
    const join = (lang: 'en' | 'id') => [check.failure?.[lang], `${where}: ${detail[lang]}${extra ? ` (${extra[lang]})` : ''}`].filter(Boolean).join(' — ');
    return { result: { id: check.id, title: check.title, passed: false, message: { en: join('en'), id: join('id') }, traceId: traces[traces.length - 1]?.id }, traces, failedAt };
  };
  const saved: Saved = {};
  for (const [index, step] of check.steps.entries()) {
    const request = fillIn(step.request, saved);
    const expect = step.expect && fillIn(step.expect, saved);
    // A double click: the same request sent again before the first is answered.
    const sent = await Promise.all(Array.from({ length: step.concurrent ?? 1 }, () => send(pool, sessionId, request, compiled, traceSessionId)));
    for (const { trace, observed } of sent) {
      traces.push(trace);
      const mismatch = expect ? matchResponse(expect, observed) : null;
      if (mismatch) {
        const error = trace.steps.find((s) => s.kind === 'error');
        const stopped = error?.kind === 'error' ? { en: failureTextWithHint(error.data, 'en'), id: failureTextWithHint(error.data, 'id') } : undefined;
        const times = sent.length > 1 ? ` (${sent.length}× at once)` : '';
        return fail(['steps', index], `${request.method} ${readable(request.path)}${times}`, mismatch, stopped);
      }
    }
    for (const [name, source] of Object.entries(step.save ?? {})) saved[name] = pick(source, sent[0]!.observed);
  }
  for (const [index, expectation] of check.database.entries()) {
    let rows: Record<string, unknown>[];
    try {
      rows = await pool.select(sessionId, expectation.sql);
    } catch (error) {
      const message = (error as Error).message;
      return fail(['database', index], 'database', { en: `the check's query failed: ${message}`, id: `query pemeriksaan gagal: ${message}` });
    }
    const mismatch = matchValue(expectation.rows, rows, 'rows');
    if (mismatch) {
      return fail(['database', index], `database (${expectation.sql})`, { en: `${mismatch.at}: ${mismatch.en}`, id: `${mismatch.at}: ${mismatch.id}` });
    }
  }
  return { result: { id: check.id, title: check.title, passed: true, traceId: traces[traces.length - 1]?.id }, traces };
}
