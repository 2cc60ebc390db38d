import { z } from 'zod';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { GUEST_PRELUDE, LEARNER_FILENAME } from './guest-prelude.js';
import type { Failure } from '../contract/failure.js';
import { failureText } from '../contract/failure-words.js';
import { isLoop, lineInFunction, readsBody } from './function-position.js';
import { engineLimit, failureEvent, failures, INTERNAL_ERROR } from './outcomes.js';
import { memoryExhausted } from './quickjs-module.js';
import { runtimeHint } from './runtime-hints.js';
import { sandboxEventSchema, sandboxResponseSchema } from './sandbox-types.js';
import type {
  Position,
  SandboxEvent,
  SandboxLimits,
  SandboxOutcome,
  SandboxRequest,
  SandboxResponse,
} from './sandbox-types.js';

/** What the learner's `db.query` / `db.run` get back from the host. */
export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
  rowsAffected: number;
  lastInsertRowid?: number;
  plan?: string[];
}

export interface ServiceResult {
  ok: boolean;
  response: unknown;
  latencyMs: number;
  /** Why the call failed; thrown into the learner's code as an Error. */
  error?: string;
}

/** Capabilities the host lends to learner code. Each may throw; the message reaches the learner. */
export interface SandboxHost {
  query(sql: string, params: unknown, method: 'query' | 'run'): QueryResult;
  hash(password: string): string;
  verify(password: string, stored: string): boolean;
  service(service: string, operation: string, input: unknown): ServiceResult;
}

export interface RunResult {
  outcome: SandboxOutcome;
  response: SandboxResponse;
  events: SandboxEvent[];
}

type Frame = { fn: string | null; line: number; column: number };

/** Ends the request at once: reported as one error step, then a 500. */
class FatalError extends Error {
  constructor(
    readonly failure: Failure,
    readonly frames: Frame[] = [],
  ) {
    super(failure.code);
  }
}

const wrongMethodSchema = z.object({ method: z.string(), path: z.string(), allowed: z.array(z.string()).max(10) });

/** Rows kept in the trace per query; the learner's code always gets every row. */
const TRACE_ROWS = 50;
/** Pending jobs run in bounded batches so a promise loop cannot hold the host past the deadline. */
const JOB_BATCH = 64;

export const now = () => performance.timeOrigin + performance.now();

export { INTERNAL_ERROR } from './outcomes.js';
export { formatBytes } from '../contract/failure-words.js';

/** Time the guest gets to describe an error the deadline cut off (its frames show the line). */
const DESCRIBE_GRACE_MS = 20;

/**
 * The learner's code loaded in its own QuickJS runtime, ready to handle requests. Loading (parsing
 * the prelude and the code) costs milliseconds, a request well under one, so an app is kept per
 * session and thrown away when its code changes or a request ends abnormally. Like a real server,
 * top-level variables live as long as the app does. Knows nothing of HTTP, sessions or lessons.
 */
export class SandboxApp {
  private deadline = 0;
  private current: RequestRun | null = null;
  /** The prelude's `dispatch` and `describe`, held by the host so learner code cannot replace them. */
  private dispatchFn: QuickJSHandle | null = null;
  private describeFn: QuickJSHandle | null = null;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly quickjs: QuickJSWASMModule,
    /** The compiled code, to find the loop an interrupted function was stuck in. */
    private readonly code: string,
  ) {}

  /** Returns the app, or the error that stopped the learner's top-level code. */
  static load(quickjs: QuickJSWASMModule, code: string, limits: SandboxLimits): SandboxApp | { failure: Failure; frames: Frame[] } {
    const runtime = quickjs.newRuntime();
    runtime.setMaxStackSize(256 * 1024);
    const app = new SandboxApp(runtime, runtime.newContext(), quickjs, code);
    try {
      runtime.setInterruptHandler(() => performance.now() > app.deadline);
      app.installHost();
      app.deadline = performance.now() + limits.timeoutMs;
      app.loadPrelude();
      const result = app.context.evalCode(code, LEARNER_FILENAME);
      if (result.error) {
        const described = app.describe(result.error);
        result.error.dispose();
        const failure = app.classify(described, limits, false);
        app.dispose();
        return { failure, frames: app.located(failure, described.frames) };
      }
      result.value.dispose();
      return app;
    } catch (error) {
      app.dispose();
      throw error;
    }
  }

  handle(request: SandboxRequest, host: SandboxHost, limits: SandboxLimits): RunResult {
    const run = new RequestRun(host, limits, request.body !== undefined, (failure, frames) => this.located(failure, frames));
    this.current = run;
    this.deadline = performance.now() + limits.timeoutMs;
    const ctx = this.context;
    try {
      const arg = ctx.newString(JSON.stringify({ request, responseBytes: limits.responseBytes }));
      const result = ctx.callFunction(this.dispatchFn!, ctx.undefined, arg);
      arg.dispose();
      if (result.error) {
        this.reportGuestError(result.error);
        result.error.dispose();
      } else result.value.dispose();
      while (this.runtime.hasPendingJob() && !run.fatal && performance.now() <= this.deadline) {
        const jobs = this.runtime.executePendingJobs(JOB_BATCH);
        if (jobs.error) {
          this.reportGuestError(jobs.error);
          jobs.error.dispose();
          break;
        }
      }
      if (performance.now() > this.deadline) run.setFatal(new FatalError(failures.timeout(limits)));
      else if (!run.response && memoryExhausted(this.quickjs)) run.setFatal(new FatalError(failures.outOfMemory(limits)));
    } finally {
      this.current = null;
    }
    const result = run.finish();
    if (run.fatal) this.broken = true;
    return result;
  }

  /** False once a request ended abnormally: its state may be half-changed, so load afresh. */
  get reusable(): boolean {
    return !this.broken;
  }
  private broken = false;

  /**
   * Frees the runtime. Returns false when it could not be freed cleanly: jobs still queued (a
   * promise loop cut off at the deadline) make QuickJS abort on free, so such a runtime is left
   * to be collected with its whole engine, which the owner then replaces.
   */
  dispose(): boolean {
    this.deadline = 0;
    for (let round = 0; this.runtime.hasPendingJob() && round < 8; round++) {
      const jobs = this.runtime.executePendingJobs(JOB_BATCH);
      if (jobs.error) jobs.error.dispose();
    }
    if (this.runtime.hasPendingJob()) return false;
    try {
      this.dispatchFn?.dispose();
      this.describeFn?.dispose();
      this.context.dispose();
      this.runtime.dispose();
      return true;
    } catch {
      return false;
    }
  }

  private installHost() {
    const ctx = this.context;
    const hostFn = ctx.newFunction('__host', (opHandle, payloadHandle) => {
      let answer: unknown;
      try {
        const run = this.current;
        if (!run) throw new Error('db, log and services can only be used while handling a request');
        answer = run.call(ctx.getString(opHandle), JSON.parse(ctx.getString(payloadHandle)));
      } catch (error) {
        answer = { __error: error instanceof Error ? error.message : String(error) };
      }
      return ctx.newString(JSON.stringify(answer ?? null));
    });
    ctx.setProp(ctx.global, '__host', hostFn);
    hostFn.dispose();
  }

  private loadPrelude() {
    const result = this.context.evalCode(GUEST_PRELUDE, 'gudang-prelude.js');
    if (result.error) {
      const text = this.context.dump(result.error);
      result.error.dispose();
      throw new Error(`sandbox prelude failed: ${JSON.stringify(text)}`);
    }
    this.dispatchFn = this.context.getProp(result.value, 'dispatch');
    this.describeFn = this.context.getProp(result.value, 'describe');
    result.value.dispose();
  }

  private reportGuestError(errorHandle: QuickJSHandle) {
    const run = this.current!;
    if (run.fatal) return;
    const described = this.describe(errorHandle);
    const failure = this.classify(described, run.limits, run.hadBody);
    if (failure.code === 'runtime_error') return run.error(described.message, described.frames);
    run.setFatal(new FatalError(failure, this.located(failure, described.frames)));
  }

  private classify(described: { message: string }, limits: SandboxLimits, hadBody: boolean): Failure {
    const limit = engineLimit(described.message, performance.now() > this.deadline);
    if (limit === 'timeout') return failures.timeout(limits);
    if (limit === 'out_of_memory') return failures.outOfMemory(limits);
    return failures.runtimeError(described.message, runtimeHint(described.message, { hadBody }));
  }

  /**
   * The frames, the innermost moved from its function's start to the line that failed, when
   * QuickJS could only name the function: the loop of a timeout, the body read of a missing body.
   */
  private located(failure: Failure, frames: Frame[]): Frame[] {
    const wanted = failure.code === 'timeout' ? isLoop : failure.code === 'runtime_error' && failure.params.hint === 'no_json_body' ? readsBody : null;
    const [top, ...rest] = frames;
    if (!top || !wanted) return failure.code === 'runtime_error' ? frames : [];
    const found = lineInFunction(this.code, [top.line, top.column], top.fn, wanted);
    return found ? [{ ...top, line: found[0], column: found[1] }, ...rest] : frames;
  }

  /** Asks the guest to describe its own error, so hostile getters run inside the sandbox. */
  private describe(errorHandle: QuickJSHandle): { message: string; frames: Frame[] } {
    const ctx = this.context;
    // Cut off by the deadline, the guest gets a moment more to say where it was (its own getters
    // stay bounded by the interrupt handler).
    const deadline = this.deadline;
    const late = performance.now() > deadline;
    if (late) this.deadline = performance.now() + DESCRIBE_GRACE_MS;
    const result = ctx.callFunction(this.describeFn!, ctx.undefined, errorHandle);
    this.deadline = deadline;
    if (result.error) {
      result.error.dispose();
      if (late || performance.now() > this.deadline) return { message: 'InternalError: interrupted', frames: [] };
      // The describer itself failed (out of memory, say): the engine's own view of the error.
      return { message: engineMessage(ctx, errorHandle), frames: [] };
    }
    const json = ctx.typeof(result.value) === 'string' ? ctx.getString(result.value) : '{}';
    result.value.dispose();
    const parsed = JSON.parse(json) as { message?: unknown; frames?: unknown };
    return {
      message: typeof parsed.message === 'string' ? parsed.message.slice(0, 2000) : 'Unknown error',
      frames: Array.isArray(parsed.frames) ? (parsed.frames.slice(0, 20) as Frame[]) : [],
    };
  }
}

/** The state of one request: the events it produced and the limits it counts against. */
class RequestRun {
  readonly events: SandboxEvent[] = [];
  response: SandboxResponse | null = null;
  fatal: FatalError | null = null;
  private queries = 0;
  private logBytes = 0;
  private stepIds = 0;

  constructor(
    private readonly host: SandboxHost,
    readonly limits: SandboxLimits,
    /** Whether the request carried a parsed body: "no JSON body" is then not the hint. */
    readonly hadBody: boolean,
    /** Moves frames QuickJS placed at a function's start to the line that failed. */
    private readonly locate: (failure: Failure, frames: Frame[]) => Frame[],
  ) {}

  /** Records that the request must end; the first reason wins. */
  setFatal(error: FatalError): void {
    if (this.fatal) return;
    this.fatal = error;
    this.events.push(failureEvent(error.failure, now(), error.frames));
  }

  /** Ends the request from inside a host capability: the guest sees an exception it cannot outlive. */
  fail(error: FatalError): never {
    this.setFatal(error);
    throw this.fatal;
  }

  error(message: string, frames: Frame[]) {
    const limit = engineLimit(message, false);
    if (limit === 'timeout') return this.setFatal(new FatalError(failures.timeout(this.limits), this.locate(failures.timeout(this.limits), frames)));
    if (limit === 'out_of_memory') return this.setFatal(new FatalError(failures.outOfMemory(this.limits)));
    const failure = failures.runtimeError(message, runtimeHint(message, { hadBody: this.hadBody }));
    this.record(failureEvent(failure, now(), this.locate(failure, frames)));
  }

  /**
   * Keeps an event built from what the guest sent. The guest's JSON can be sabotaged (a
   * prototype `toJSON`), so its shape is checked here, where guest data enters the host.
   */
  private record(event: SandboxEvent) {
    if (!sandboxEventSchema.safeParse(event).success) throw new Error('the sandbox could not read what your code sent: was JSON or Object.prototype changed?');
    this.events.push(event);
  }

  call(op: string, p: any): unknown {
    if (this.fatal) throw this.fatal;
    if (typeof p !== 'object' || p === null) throw new Error('the sandbox could not read what your code sent: was JSON or Object.prototype changed?');
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
        return id;
      }
      case 'leave':
        this.record({ type: 'leave', id: p.id, t: now(), calledNext: p.calledNext });
        return null;
      case 'respond': {
        // The guest's own JSON can be sabotaged (Object.prototype.toJSON): check what arrived.
        const parsed = sandboxResponseSchema.safeParse(p);
        if (!parsed.success) throw new Error('the sandbox could not read what your code sent: was JSON or Object.prototype changed?');
        this.response = parsed.data;
        this.events.push({ type: 'respond', t: now(), ...this.response });
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
      type: 'external', t, at: p.at, durationMs: result.latencyMs, service: p.service,
      operation: p.operation, request: p.input, response: result.response, ok: result.ok,
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
      });
      return method === 'run' ? { changes: result.rowsAffected, lastInsertRowid: result.lastInsertRowid } : result.rows;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.events.push({ ...base, durationMs: now() - t, columns: [], rows: [], rowCount: 0, rowsAffected: 0, error: message });
      if (error instanceof LimitExceeded) this.fail(new FatalError(error.failure));
      throw error;
    }
  }

  finish(): RunResult {
    const { events, limits, response } = this;
    if (this.fatal) return { outcome: this.fatal.failure, response: INTERNAL_ERROR, events };
    if (response && Buffer.byteLength(response.body) <= limits.responseBytes) return { outcome: { code: 'ok' }, response, events };
    const failure = response ? failures.responseTooLarge(limits) : failures.noResponse();
    events.push(failureEvent(failure, now()));
    return { outcome: failure, response: INTERNAL_ERROR, events };
  }
}

/** Thrown by a host capability when the learner hit one of its limits: ends the request. */
export class LimitExceeded extends Error {
  constructor(readonly failure: Failure) {
    super(failureText(failure, 'en'));
  }
}

/** What the engine says an error is, without running guest code; for when the guest cannot say. */
function engineMessage(ctx: QuickJSContext, errorHandle: QuickJSHandle): string {
  try {
    const dumped = ctx.dump(errorHandle) as { name?: unknown; message?: unknown } | unknown;
    if (dumped && typeof dumped === 'object' && 'message' in dumped) return `${String((dumped as { name?: unknown }).name ?? 'Error')}: ${String(dumped.message)}`;
    return `Error: ${String(dumped)}`;
  } catch {
    return 'Error: (an error that could not be described)';
  }
}
