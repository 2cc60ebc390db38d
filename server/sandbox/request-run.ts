import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Failure } from '../contract/failure.js';
import { failures, LimitExceeded } from '../limits/failures.js';
import { boundEvent, TRACE_ROWS } from './bound-event.js';
import { PROFILING, requestAdd } from '../trace/phase-profile.js';
import { failureEvent, guestErrorFailure, INTERNAL_ERROR, now, responseBody } from './outcomes.js';
import { guestEventFits, guestResponse } from './guest-events.js';
import { guestLazyLibrary } from './guest-library.js';
import { charsetOfType, typeOfExtension } from './guest-mime.js';
import { sandboxEventSchema } from './sandbox-types.js';
import type { Position, RunResult, SandboxEvent, SandboxHost, SandboxLimits, SandboxResponse } from './sandbox-types.js';

/** A frame of the learner's stack, innermost first, as the guest describes it. */
export type Frame = { fn: string | null; line: number; column: number };

/** Ends the request at once: reported as one error step, then a 500. */
export class FatalError extends Error {
  constructor(
    readonly failure: Failure,
    readonly frames: Frame[] = [],
  ) {
    super(failure.code);
  }
}

/** Thrown into the guest when what it sent the host is not what Gudang's own guest code sends. */
const UNREADABLE = 'the sandbox could not read what your code sent: was JSON or Object.prototype changed?';

const wrongMethodSchema = z.object({ method: z.string(), path: z.string(), allowed: z.array(z.string()).max(10) });

/**
 * The state of one request (or start-up) and the host's side of every call the guest makes
 * through `__host`: the events it produced and the limits it counts against. Knows nothing of QuickJS.
 */
export class RequestRun {
  readonly events: SandboxEvent[] = [];
  response: SandboxResponse | null = null;
  fatal: FatalError | null = null;
  private queries = 0;
  private logBytes = 0;
  private stepIds = 0;
  /** Where the innermost middleware or handler was declared: the line of a failure nothing else places. */
  private lastEnterAt: Position | undefined;

  constructor(
    private readonly host: SandboxHost,
    readonly limits: SandboxLimits,
    /** Whether the request carried a parsed body: "no JSON body" is then not the hint. */
    readonly hadBody: boolean,
    /** Moves frames QuickJS placed at a function's start to the line that failed. */
    private readonly locate: (failure: Failure, frames: Frame[]) => Frame[],
    private readonly memoryOver: () => boolean,
  ) {}

  /** Records that the request must end; the first reason wins. */
  setFatal(error: FatalError): void {
    if (this.fatal) return;
    this.fatal = error;
    const event = failureEvent(error.failure, now(), error.frames.slice(0, 20));
    this.add(event.at || !this.lastEnterAt ? event : { ...event, at: this.lastEnterAt });
  }

  /** Every event is bounded here, in the worker, before it is kept or crosses to the main thread. */
  private add(event: SandboxEvent) {
    const boundingAt = PROFILING ? performance.now() : 0;
    this.events.push(boundEvent(event));
    requestAdd('    bound events', boundingAt);
  }

  /** Ends the request from inside a host capability: the guest sees an exception it cannot outlive. */
  fail(error: FatalError): never {
    this.setFatal(error);
    throw this.fatal;
  }

  /** A remark from Gudang itself (not the learner's log), shown as a log step. */
  note(message: string, at?: Position) {
    this.events.push({ type: 'log', t: now(), at, message: `Gudang: ${message}` });
  }

  /** An error the guest raised: a limit the engine hit ends the run; the learner's own is an error step. */
  error(message: string, frames: Frame[]) {
    const failure = guestErrorFailure(message, this.limits, { memoryOver: this.memoryOver(), deadlinePassed: false, hadBody: this.hadBody });
    if (failure.code !== 'runtime_error') return this.setFatal(new FatalError(failure, failure.code === 'timeout' ? this.locate(failure, frames) : Array.isArray(frames) ? frames : []));
    this.record(failureEvent(failure, now(), this.locate(failure, frames)));
  }

  /**
   * Keeps an event built from what the guest sent. The guest's JSON can be sabotaged (a
   * prototype `toJSON`), so its shape is checked here, where guest data enters the host.
   */
  private record(event: SandboxEvent) {
    const checkingAt = PROFILING ? performance.now() : 0;
    const fits = guestEventFits(event) ?? sandboxEventSchema.safeParse(event).success;
    if (!fits) throw new Error(UNREADABLE);
    requestAdd('    check guest events', checkingAt);
    this.add(event);
  }

  // biome-ignore lint/suspicious/noExplicitAny: the guest's payload is untrusted; each case below checks what it reads
  call(op: string, p: any): unknown {
    if (this.fatal) throw this.fatal;
    if (typeof p !== 'object' || p === null) throw new Error(UNREADABLE);
    switch (op) {
      case 'query':
      case 'run':
        return this.query(p, op);
      case 'log':
        return this.log(p);
      case 'enter': {
        const { at, ...layer } = p;
        const id = ++this.stepIds;
        this.record({ type: 'enter', id, t: now(), at, layer });
        this.lastEnterAt = at;
        return id;
      }
      case 'leave':
        this.record({ type: 'leave', id: p.id, t: now(), calledNext: p.calledNext });
        return null;
      case 'respond': {
        // The guest's own JSON can be sabotaged (Object.prototype.toJSON): check what arrived.
        const checkingAt = PROFILING ? performance.now() : 0;
        const response = guestResponse(p);
        if (!response) throw new Error(UNREADABLE);
        requestAdd('    check guest events', checkingAt);
        this.response = response;
        this.add({ type: 'respond', t: now(), ...this.response });
        return null;
      }
      case 'error':
        this.error(String(p.message), p.frames);
        return null;
      case 'wrongMethod': {
        const parsed = wrongMethodSchema.safeParse(p);
        if (parsed.success) this.events.push(failureEvent(failures.wrongMethod(parsed.data.method, parsed.data.path, parsed.data.allowed), now()));
        return null;
      }
      case 'oversize':
        return this.fail(new FatalError(failures.responseTooLarge(this.limits)));
      case 'hash':
        return this.host.hash(p.password);
      case 'verify':
        return this.host.verify(p.password, p.stored);
      case 'service':
        return this.service(p);
      case 'uuid':
        return randomUUID();
      case 'library': {
        // The text of a guest library compiled on first use (server/sandbox/guest/lazy.js).
        const source = guestLazyLibrary(p.name);
        if (source === undefined) throw new Error(UNREADABLE);
        return source;
      }
      case 'mime':
        // A media type or a charset for the guest's res.type, res.set, req.is (server/sandbox/guest/mime.js).
        return p.ext !== undefined ? typeOfExtension(p.ext) : charsetOfType(p.type);
      case 'random':
        return randomBytes(Math.min(65536, Math.max(0, Math.floor(Number(p.bytes)) || 0))).toString('base64');
      default:
        throw new Error(`unknown host operation ${op}`);
    }
  }

  private log(p: { message: string; at?: Position }) {
    this.logBytes += p.message.length;
    if (this.logBytes > this.limits.logBytes) {
      this.fail(new FatalError(failures.logTooLarge(this.limits)));
    }
    this.record({ type: 'log', t: now(), at: p.at, message: p.message });
    return null;
  }

  private service(p: { service: string; operation: string; input: unknown; at?: Position }) {
    const t = now();
    const result = this.host.service(p.service, p.operation, p.input);
    this.record({
      type: 'external',
      t,
      at: p.at,
      durationMs: result.latencyMs,
      service: p.service,
      operation: p.operation,
      request: p.input,
      response: result.response,
      ok: result.ok,
    });
    if (!result.ok) throw new Error(result.error ?? `${p.service}.${p.operation} failed`);
    return result.response;
  }

  private query(p: { sql: string; params: unknown; at?: Position }, method: 'query' | 'run') {
    if (++this.queries > this.limits.queriesPerRequest) {
      this.fail(new FatalError(failures.tooManyQueries(this.limits)));
    }
    const t = now();
    const base = { type: 'query' as const, t, at: p.at, method, sql: p.sql, params: p.params };
    try {
      const result = this.host.query(p.sql, p.params, method);
      this.record({
        ...base,
        durationMs: now() - t,
        columns: result.columns,
        rows: result.rows.slice(0, TRACE_ROWS),
        rowCount: result.rows.length,
        rowsAffected: result.rowsAffected,
        lastInsertRowid: result.lastInsertRowid,
        plan: result.plan,
        ...(result.changes ? { changes: result.changes } : {}),
      });
      return method === 'run' ? { changes: result.rowsAffected, lastInsertRowid: result.lastInsertRowid } : result.rows;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.add({ ...base, durationMs: now() - t, columns: [], rows: [], rowCount: 0, rowsAffected: 0, error: message });
      if (error instanceof LimitExceeded) this.fail(new FatalError(error.failure));
      throw error;
    }
  }

  finish(): RunResult {
    const { events, limits, response } = this;
    if (this.fatal) return { outcome: this.fatal.failure, response: INTERNAL_ERROR, events };
    if (response && responseBody(response).length <= limits.responseBytes) return { outcome: { code: 'ok' }, response, events };
    const failure = response ? failures.responseTooLarge(limits) : failures.noResponse();
    this.add(failureEvent(failure, now()));
    return { outcome: failure, response: INTERNAL_ERROR, events };
  }
}
