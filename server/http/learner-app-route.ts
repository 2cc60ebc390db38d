import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StepOf } from '../contract/trace.js';
import type { Failure } from '../contract/failure.js';
import { failureText } from '../contract/failure-words.js';
import { failureEvent, failures, INTERNAL_ERROR } from '../sandbox/outcomes.js';
import { now } from '../sandbox/sandbox-app.js';
import type { SandboxEvent, SandboxResponse } from '../sandbox/sandbox-types.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { buildTrace } from '../trace/build-trace.js';
import { parseBody } from './parse-body.js';
import { sessionIdSchema } from '../contract/api.js';
import { HttpError } from './http-error.js';
import { LEARNER_PAGE_POLICY } from './learner-page-isolation.js';
import { checkResponseHeaders, type HeaderLimits } from './response-headers.js';

/** Bodies kept in a trace; the learner's code and the client always get all of it. */
const TRACE_BODY_CHARS = 64 * 1024;

/** Longest a response is held back for simulated outside services (a loop of calls adds up). */
const MAX_SIMULATED_WAIT_MS = 3000;

const simulatedLatency = (events: SandboxEvent[]) => events.reduce((sum, e) => sum + (e.type === 'external' ? e.durationMs : 0), 0);

const cap = (text: string) => (text.length > TRACE_BODY_CHARS ? { text: text.slice(0, TRACE_BODY_CHARS), truncated: true } : { text, truncated: false });

function recordedHeaders(headers: Record<string, string | string[] | number | undefined>) {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

type WriteOutcome = { sent: SandboxResponse; events: SandboxEvent[] };

/** Replaces whatever was set with the one 500 page. */
function sendInternalError(res: Response): SandboxResponse {
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.status(INTERNAL_ERROR.status);
  for (const [name, value] of INTERNAL_ERROR.headers) res.setHeader(name, value);
  res.send(INTERNAL_ERROR.body);
  return INTERNAL_ERROR;
}

/**
 * Writes the sandbox's answer through real Express. Framing is Gudang's: the learner's framing
 * headers are dropped (a warning step says so), and headers or a status that Node would refuse
 * or a client could not parse become the 500 page with an error step.
 */
function writeResponse(res: Response, answer: SandboxResponse, headerLimits: HeaderLimits): WriteOutcome {
  const failed = (failure: Failure): WriteOutcome => ({ sent: sendInternalError(res), events: [failureEvent(failure, now())] });
  // An informational status (1xx) is not a response: the client would wait for the real one.
  if (answer.status < 200) return failed(failures.invalidResponse(`status ${answer.status} is informational and cannot end a request: use 200 or another final status`));
  const checked = checkResponseHeaders(answer.headers, [['Content-Security-Policy', LEARNER_PAGE_POLICY]], headerLimits);
  if (!checked.ok) return failed(checked.failure);
  const warnings: SandboxEvent[] = checked.warnings.map((message) => ({ type: 'log', t: now(), message, level: 'warning' }));
  try {
    res.status(answer.status);
    for (const [name, value] of checked.headers) res.setHeader(name, value);
    const hasType = checked.headers.some(([name]) => name.toLowerCase() === 'content-type');
    if (!hasType && answer.body === '') res.end();
    else res.send(Buffer.from(answer.body, 'utf8'));
    return { sent: answer, events: warnings };
  } catch (error) {
    return failed(failures.invalidResponse((error as Error).message));
  }
}

/**
 * `ALL /sandbox/:sessionId/*`: the learner's own app. Real Express receives the request and reads
 * the body; the learner's code runs in the sandbox; the whole exchange becomes a trace.
 */
export function learnerAppRouter(sessions: SessionStore, pool: WorkerPool, bodyLimit: number, headerLimits: HeaderLimits): Router {
  const router = express.Router();
  const readRaw = express.raw({ type: () => true, limit: bodyLimit });

  router.all(/^\/sandbox\/([^/]+)(\/.*)?$/, (req: Request, res: Response, next: NextFunction) => {
    const receivedAt = now();
    const id = (req.params as Record<string, string>)[0] ?? '';
    if (!sessionIdSchema.safeParse(id).success) throw new HttpError(404, 'no such session: the id in the URL is not a session id');
    const session = sessions.get(id);
    const prefix = `/sandbox/${id}`;
    const url = req.originalUrl.slice(prefix.length) || '/';
    const path = ((req.params as Record<string, string>)[1] ?? '/') || '/';

    readRaw(req, res, (readError?: unknown) => void answer(readError).catch(next));

    async function answer(readError: unknown) {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const rawText = cap(raw.toString('utf8'));
      const tooLarge = (readError as { type?: string } | undefined)?.type === 'entity.too.large';
      const parsed = readError ? null : parseBody(raw, req.get('content-type'));
      const receive: StepOf<'receive'>['data'] = {
        method: req.method,
        url,
        path,
        query: req.query as Record<string, unknown>,
        headers: recordedHeaders(req.headers),
        rawBody: raw.length > 0 ? rawText.text : null,
        rawBodyTruncated: rawText.truncated,
        ...(parsed?.ok ? { body: parsed.body } : {}),
        ...(parsed && !parsed.ok ? { bodyError: { message: parsed.message, position: parsed.position } } : {}),
      };

      let events: Awaited<ReturnType<WorkerPool['request']>>['events'] = [];
      let reply: SandboxResponse;
      let rejection: Failure | undefined;
      let dispatchedAt: number | null = null;
      if (readError || (parsed && !parsed.ok)) {
        const status = tooLarge ? 413 : 400;
        rejection = tooLarge
          ? failures.bodyTooLarge(bodyLimit)
          : readError
            ? failures.bodyUnreadable((readError as Error).message)
            : failures.bodyInvalidJson((parsed as { message: string }).message);
        reply = { status, headers: [['Content-Type', 'application/json; charset=utf-8']], body: JSON.stringify({ error: failureText(rejection, 'en') }) };
      } else {
        dispatchedAt = now();
        const result = await pool.request(id, { method: req.method, url, path, query: receive.query, headers: receive.headers, body: parsed?.ok ? parsed.body : undefined });
        events = result.events;
        reply = result.response;
      }

      // Outside services are simulated: the client waits as long as they would have taken, so the
      // response time shows them; the trace already adds their latency to its timeline.
      const waited = Math.min(simulatedLatency(events), MAX_SIMULATED_WAIT_MS);
      if (waited > 0) await sleep(waited);
      const written = writeResponse(res, reply, headerLimits);
      const respondedAt = now() - waited;
      events = [...events, ...written.events.map((event) => ({ ...event, t: respondedAt }))];
      const sentBody = written.sent.body;
      const body = cap(sentBody);
      const contentType = res.getHeader('content-type');
      const trace = buildTrace({
        id: randomUUID(),
        sessionId: id,
        receivedAt,
        dispatchedAt,
        receive,
        rejection,
        events,
        respondedAt,
        lineOf: session.compiled.lineOf,
        response: {
          status: res.statusCode,
          headers: recordedHeaders(res.getHeaders() as Record<string, string | string[] | number | undefined>),
          contentType: typeof contentType === 'string' ? contentType : null,
          body: body.text,
          bodyTruncated: body.truncated,
          size: Buffer.byteLength(sentBody),
        },
      });
      sessions.addTrace(session, trace);
    }
  });
  return router;
}
