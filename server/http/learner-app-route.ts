import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { StepOf } from '../contract/trace.js';
import etag from 'etag';
import fresh from 'fresh';
import type { Failure } from '../contract/failure.js';
import { failures } from '../limits/failures.js';
import { failureEvent, INTERNAL_ERROR, now, responseBody } from '../sandbox/outcomes.js';
import type { SandboxEvent, SandboxResponse } from '../sandbox/sandbox-types.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { capForTrace, runLearnerRequest, type ReceivedRequest } from '../requests/learner-request.js';
import { parseBody } from '../requests/parse-body.js';
import { sessionIdSchema } from '../contract/api.js';
import { HttpError } from '../http-error.js';
import { LEARNER_PAGE_POLICY } from './learner-page-isolation.js';
import { checkResponseHeaders, type HeaderLimits } from './response-headers.js';
import { PROFILING, phaseEnd, phaseStart } from '../trace/phase-profile.js';
import { arrivalOf } from './arrived-at.js';

function recordedHeaders(headers: Record<string, string | string[] | number | undefined>) {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

type WriteOutcome = { sent: SandboxResponse; events: SandboxEvent[] };

/** Replaces whatever was set with the one 500 page. */
function sendInternalError(res: Response, timing: string): SandboxResponse {
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.status(INTERNAL_ERROR.status);
  for (const [name, value] of INTERNAL_ERROR.headers) res.setHeader(name, value);
  res.setHeader('Server-Timing', timing);
  res.send(INTERNAL_ERROR.body);
  return INTERNAL_ERROR;
}

/**
 * Writes the sandbox's answer through real Express. Framing is Gudang's: the learner's framing
 * headers are dropped (a warning step says so), and headers or a status that Node would refuse
 * or a client could not parse become the 500 page with an error step. What res.send does with the
 * finished body is done here, where the bytes are: the ETag, 304 for a fresh request, no body for 204/205/304.
 * Gudang's Server-Timing (`timing`, the request's stages) is added after any the learner set, and
 * left off only when the learner's own headers leave no room for it within the limits.
 */
function writeResponse(req: Request, res: Response, answer: SandboxResponse, headerLimits: HeaderLimits, timing: string): WriteOutcome {
  const failed = (failure: Failure): WriteOutcome => ({ sent: sendInternalError(res, timing), events: [failureEvent(failure, now())] });
  // An informational status (1xx) is not a response: the client would wait for the real one.
  if (answer.status < 200) return failed(failures.invalidResponse(`status ${answer.status} is informational and cannot end a request: use 200 or another final status`));
  const checked = checkResponseHeaders(answer.headers, [['Content-Security-Policy', LEARNER_PAGE_POLICY]], headerLimits, [['Server-Timing', timing]]);
  if (!checked.ok) return failed(checked.failure);
  const warnings: SandboxEvent[] = checked.warnings.map((message) => ({ type: 'log', t: now(), message, level: 'warning' }));
  try {
    // The guest adds X-Powered-By itself, unless the learner's app disabled it.
    res.removeHeader('X-Powered-By');
    res.status(answer.status);
    for (const [name, value] of checked.headers) res.setHeader(name, value);
    if (checked.optionalFit) res.append('Server-Timing', timing);
    let body = responseBody(answer);
    if (answer.send) {
      if (answer.send.etag && !res.getHeader('ETag')) res.setHeader('ETag', etag(body, { weak: answer.send.etag === 'weak' }));
      if (isFresh(req, res)) res.status(304);
      if (res.statusCode === 204 || res.statusCode === 304) {
        for (const name of ['Content-Type', 'Content-Length', 'Transfer-Encoding']) res.removeHeader(name);
        body = Buffer.alloc(0);
      } else if (res.statusCode === 205) {
        res.removeHeader('Transfer-Encoding');
        res.setHeader('Content-Length', '0');
        body = Buffer.alloc(0);
      } else if (req.method === 'HEAD') res.setHeader('Content-Length', body.length);
    }
    // Written in pieces (res.write, or res.writeHead first), a response goes chunked, as in Node.
    if (answer.streamed && body.length > 0) {
      res.write(body);
      res.end();
    } else res.end(body);
    return { sent: { ...answer, body: body.toString('utf8'), base64: false }, events: warnings };
  } catch (error) {
    return failed(failures.invalidResponse((error as Error).message));
  }
}

/** Express's req.fresh: a GET or HEAD whose validators match the response (2xx or 304). */
function isFresh(req: Request, res: Response): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if ((res.statusCode < 200 || res.statusCode >= 300) && res.statusCode !== 304) return false;
  return fresh(req.headers, { etag: res.getHeader('ETag'), 'last-modified': res.getHeader('Last-Modified') });
}

/**
 * `ALL /sandbox/:sessionId/*`: the learner's own app. Real Express receives the request and reads
 * the body; the learner's code runs in the sandbox; the whole exchange becomes a trace.
 */
export function learnerAppRouter(sessions: SessionStore, pool: WorkerPool, bodyLimit: number, headerLimits: HeaderLimits): Router {
  const router = express.Router();
  const readRaw = express.raw({ type: () => true, limit: bodyLimit });

  // No capture groups: the router would decode them, and a path Express cannot decode (`/%foo`) is
  // for the learner's app to answer (400), not for Gudang's.
  router.all(/^\/sandbox\/[^/]+(?:\/.*)?$/, (req: Request, res: Response, next: NextFunction) => {
    const receivedAt = now();
    if (PROFILING) phaseEnd('main: Express up to the route', arrivalOf(req) ?? phaseStart());
    const routedAt = phaseStart();
    const id = req.path.split('/')[2] ?? '';
    if (!sessionIdSchema.safeParse(id).success) throw new HttpError(404, 'no such session: the id in the URL is not a session id');
    const session = sessions.get(id);
    const prefix = `/sandbox/${id}`;
    const url = req.originalUrl.slice(prefix.length) || '/';
    const path = req.path.slice(prefix.length) || '/';

    readRaw(req, res, (readError?: unknown) => {
      phaseEnd('main: read body', routedAt);
      const receivingAt = phaseStart();
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const rawText = capForTrace(raw.toString('utf8'));
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
      const received: ReceivedRequest = { receivedAt, receive, body: parsed ? { parsed } : { readError: readError as Error }, bodyLimit, ip: req.ip, protocol: req.protocol };
      phaseEnd('main: parse body, record request', receivingAt);
      runLearnerRequest({ sessions, pool }, session, received, (reply, timing) => {
        const writingAt = phaseStart();
        const written = writeResponse(req, res, reply, headerLimits, timing);
        const contentType = res.getHeader('content-type');
        phaseEnd('main: write the response', writingAt);
        return {
          events: written.events,
          status: res.statusCode,
          headers: recordedHeaders(res.getHeaders() as Record<string, string | string[] | number | undefined>),
          contentType: typeof contentType === 'string' ? contentType : null,
          body: written.sent.body,
        };
      })
        .then(() => phaseEnd('main: total in the route', routedAt))
        .catch(next);
    });
  });
  return router;
}
