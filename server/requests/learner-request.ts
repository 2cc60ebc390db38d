import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Failure } from '../contract/failure.js';
import type { StepOf } from '../contract/trace.js';
import { failures } from '../limits/failures.js';
import { now, refusalResponse } from '../sandbox/outcomes.js';
import type { SandboxEvent, SandboxResponse } from '../sandbox/sandbox-types.js';
import type { Session, SessionStore } from '../sessions/session-store.js';
import { buildTrace } from '../trace/build-trace.js';
import { phaseEnd, phaseStart } from '../trace/phase-profile.js';
import { serverTiming } from '../trace/server-timing.js';
import type { WorkerPool } from '../worker/worker-pool.js';
import type { ParsedBody } from './parse-body.js';

/** Bodies kept in a trace; the learner's code and the client always get all of it. */
const TRACE_BODY_CHARS = 64 * 1024;

/** Longest a response is held back for simulated outside services (a loop of calls adds up). */
const MAX_SIMULATED_WAIT_MS = 3000;

const simulatedLatency = (events: SandboxEvent[]) => events.reduce((sum, e) => sum + (e.type === 'external' ? e.durationMs : 0), 0);

export const capForTrace = (text: string) => (text.length > TRACE_BODY_CHARS ? { text: text.slice(0, TRACE_BODY_CHARS), truncated: true } : { text, truncated: false });

/** A request as the server received it, before the learner's app saw it. */
export interface ReceivedRequest {
  receivedAt: number;
  receive: StepOf<'receive'>['data'];
  /** What reading the body gave: a parsed body, a parse error, or a read error (too large, broken). */
  body: { parsed: ParsedBody } | { readError: Error & { type?: string } };
  bodyLimit: number;
  ip?: string;
  protocol?: string;
}

/** What the HTTP layer sent: the trace records the answer as the client got it. */
export interface WrittenResponse {
  events: SandboxEvent[];
  status: number;
  headers: Record<string, string | string[]>;
  contentType: string | null;
  body: string;
}

/** The answer to a body Gudang could not read or parse: the learner's app never runs. */
function rejectedBody(received: ReceivedRequest): { rejection: Failure; reply: SandboxResponse } | null {
  const { body } = received;
  if ('parsed' in body && body.parsed.ok) return null;
  const tooLarge = 'readError' in body && body.readError.type === 'entity.too.large';
  const rejection =
    'readError' in body
      ? tooLarge
        ? failures.bodyTooLarge(received.bodyLimit)
        : failures.bodyUnreadable(body.readError.message)
      : failures.bodyInvalidJson((body.parsed as { message: string }).message);
  return { rejection, reply: refusalResponse(tooLarge ? 413 : 400, rejection) };
}

/**
 * One request to a learner's app, from received to recorded: runs it in the session's sandbox
 * (unless its body was refused), waits out simulated outside services, lets `write` send the answer
 * (with the stages' Server-Timing),
 * and files the trace of what happened and what was sent.
 */
export async function runLearnerRequest(
  { sessions, pool }: { sessions: SessionStore; pool: WorkerPool },
  session: Session,
  received: ReceivedRequest,
  write: (reply: SandboxResponse, serverTiming: string) => WrittenResponse,
): Promise<void> {
  const { receive } = received;
  const refused = rejectedBody(received);
  let events: SandboxEvent[] = [];
  let reply: SandboxResponse;
  let dispatchedAt: number | null = null;
  let answeredAt: number | null = null;
  if (refused) reply = refused.reply;
  else {
    dispatchedAt = now();
    const askedAt = phaseStart();
    const result = await pool.request(session.id, {
      method: receive.method,
      url: receive.url,
      path: receive.path,
      query: receive.query,
      headers: receive.headers,
      body: receive.body,
      ip: received.ip,
      protocol: received.protocol,
    });
    answeredAt = now();
    phaseEnd('main: worker round trip (queue, worker, messages)', askedAt);
    events = result.events;
    reply = result.response;
  }

  // Outside services are simulated: the client waits as long as they would have taken, so the
  // response time shows them; the trace already adds their latency to its timeline.
  const waited = Math.min(simulatedLatency(events), MAX_SIMULATED_WAIT_MS);
  if (waited > 0) await sleep(waited);
  const written = write(reply, serverTiming({ receivedAt: received.receivedAt, dispatchedAt, answeredAt, writingAt: now(), events }));
  const respondedAt = now() - waited;
  const buildingAt = phaseStart();
  const body = capForTrace(written.body);
  const trace = buildTrace({
    id: randomUUID(),
    sessionId: session.id,
    receivedAt: received.receivedAt,
    dispatchedAt,
    receive,
    rejection: refused?.rejection,
    events: [...events, ...written.events.map((event) => ({ ...event, t: respondedAt }))],
    respondedAt,
    lineOf: session.compiled.lineOf,
    response: { status: written.status, headers: written.headers, contentType: written.contentType, body: body.text, bodyTruncated: body.truncated, size: Buffer.byteLength(written.body) },
  });
  phaseEnd('main: build the trace', buildingAt);
  const keepingAt = phaseStart();
  sessions.addTrace(session, trace);
  phaseEnd('main: keep the trace (session store, SSE)', keepingAt);
}
