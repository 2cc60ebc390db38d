import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StepOf } from '../contract/trace.js';
import etag from 'etag';
import fresh from 'fresh';
import type { Failure } from '../contract/failure.js';
import { failureText } from '../contract/failure-words.js';
import { failureEvent, failures } from '../sandbox/outcomes.js';
import { now, responseBody } from '../sandbox/sandbox-app.js';
import type { SandboxEvent, SandboxResponse } from '../sandbox/sandbox-types.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import { buildTrace } from '../trace/build-trace.js';
import { parseBody } from './parse-body.js';
import { sessionIdSchema } from '../contract/api.js';
import { HttpError } from './http-error.js';

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

/**
 * Writes the sandbox's answer through Node as it is: the guest already chose every header as
 * Express would; a value Node refuses becomes a 500. What res.send does with the finished body is
 * done here, where the bytes are: the ETag, 304 for a fresh request, no body for 204/205/304.
 */
function writeResponse(req: Request, res: Response, answer: SandboxResponse): Failure | null {
  try {
    // The guest adds X-Powered-By itself, unless the learner's app disabled it.
    res.removeHeader('X-Powered-By');
    res.status(answer.status);
    for (const [name, value] of answer.headers) res.setHeader(name, value);
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
    return null;
  } catch (error) {
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    res.status(500).type('text/plain').send('Internal Server Error');
    return failures.invalidResponse((error as Error).message);
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
export function learnerAppRouter(sessions: SessionStore, pool: WorkerPool, bodyLimit: number): Router {
  const router = express.Router();
  const readRaw = express.raw({ type: () => true, limit: bodyLimit });

  // No capture groups: the router would decode them, and a path Express cannot decode (`/%foo`) is
  // for the learner's app to answer (400), not for Gudang's.
  router.all(/^\/sandbox\/[^/]+(?:\/.*)?$/, (req: Request, res: Response, next: NextFunction) => {
    const receivedAt = now();
    const id = req.path.split('/')[2] ?? '';
    if (!sessionIdSchema.safeParse(id).success) throw new HttpError(404, 'no such session: the id in the URL is not a session id');
    const session = sessions.get(id);
    const prefix = `/sandbox/${id}`;
    const url = req.originalUrl.slice(prefix.length) || '/';
    const path = req.path.slice(prefix.length) || '/';

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
        const result = await pool.request(id, { method: req.method, url, path, query: receive.query, headers: receive.headers, body: parsed?.ok ? parsed.body : undefined, ip: req.ip, protocol: req.protocol });
        events = result.events;
        reply = result.response;
      }

      // Outside services are simulated: the client waits as long as they would have taken, so the
      // response time shows them; the trace already adds their latency to its timeline.
      const waited = Math.min(simulatedLatency(events), MAX_SIMULATED_WAIT_MS);
      if (waited > 0) await sleep(waited);
      const writeProblem = writeResponse(req, res, reply);
      const respondedAt = now() - waited;
      if (writeProblem) events = [...events, failureEvent(writeProblem, respondedAt)];
      const sentBody = writeProblem ? 'Internal Server Error' : responseBody(reply).toString('utf8');
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
