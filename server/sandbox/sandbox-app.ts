import { z } from 'zod';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { GUEST_PRELUDE, LEARNER_FILENAME } from './guest-prelude.js';
import type { Failure } from '../contract/failure.js';
import { failureText } from '../contract/failure-words.js';
import { isLoop, lineInFunction, readsBody } from './function-position.js';
import { engineLimit, failureEvent, failures, INTERNAL_ERROR } from './outcomes.js';
import { boundValue, clipText, TRACE_TEXT_CHARS, TRACE_VALUE_BOUNDS } from './bounds.js';
import { memoryExhausted, memorySize } from './quickjs-module.js';
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
/** Characters of an error message kept (the guest cuts at 2,000 first; this is the host's own bound). */
const ERROR_CHARS = 4096;
/** The guest's stack for QuickJS (setMaxStackSize); running out of it is running out of memory. */
const STACK_BYTES = 256 * 1024;

/** What one message from the guest to the host may weigh: a response body may be escaped up to 6 times its size. */
const payloadChars = (limits: SandboxLimits) => 8 * limits.responseBytes + 64 * 1024;

type EngineLimit = NonNullable<ReturnType<typeof engineLimit>>;
const limitFailure = (limit: EngineLimit, limits: SandboxLimits): Failure =>
  limit === 'timeout' ? failures.timeout(limits) : failures.outOfMemory(limits, limit === 'out_of_stack' ? STACK_BYTES : undefined);

/**
 * The learner's code loaded in its own QuickJS runtime, ready to handle requests. Loading (parsing
 * the prelude and the code) costs milliseconds, a request well under one, so an app is kept per
 * session and thrown away when its code changes or a request ends abnormally. Like a real server,
 * top-level variables live as long as the app does. Knows nothing of HTTP, sessions or lessons.
 */
export class SandboxApp {
  private deadline = 0;
  private current: RequestRun | null = null;
  /** The engine's memory when the request began, and what the request may add to it. */
  private memoryAtStart = 0;
  private memoryBudget = 0;
  /** Set by the interrupt handler once the request grew the engine's memory past its budget. */
  private memoryOver = false;
  /** Describing an error runs guest code, which must not be cut off for the memory that error used. */
  private describing = false;
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
    runtime.setMaxStackSize(STACK_BYTES);
    const app = new SandboxApp(runtime, runtime.newContext(), quickjs, code);
    try {
      runtime.setInterruptHandler(() => performance.now() > app.deadline || app.overMemory());
      app.installHost();
      app.deadline = performance.now() + limits.timeoutMs;
      app.startMemoryBudget(limits);
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
    const run = new RequestRun(host, limits, request.body !== undefined, (failure, frames) => this.located(failure, frames), () => this.memoryOver);
    this.current = run;
    this.deadline = performance.now() + limits.timeoutMs;
    this.startMemoryBudget(limits);
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
      // QuickJS may swallow a failed allocation (a job just ends, a catch sees null and routing goes
      // on to a 404): an engine that grew to its bound in this request ran out of memory, whatever it answered.
      const grew = memorySize(this.quickjs) > this.memoryAtStart;
      if (this.memoryOver || (memoryExhausted(this.quickjs) && (grew || !run.response))) run.setFatal(new FatalError(failures.outOfMemory(limits)));
      else if (performance.now() > this.deadline) run.setFatal(new FatalError(failures.timeout(limits)));
    } finally {
      this.current = null;
    }
    const result = run.finish();
    if (run.fatal) this.broken = true;
    return result;
  }

  private startMemoryBudget(limits: SandboxLimits) {
    this.memoryAtStart = memorySize(this.quickjs);
    this.memoryBudget = limits.memoryBytes;
    this.memoryOver = false;
  }

  /** Polled by QuickJS with the deadline: growth past the budget stops the code as an endless loop would be. */
  private overMemory(): boolean {
    if (!this.memoryOver && !this.describing && this.memoryBudget > 0 && memorySize(this.quickjs) - this.memoryAtStart > this.memoryBudget) this.memoryOver = true;
    return this.memoryOver && !this.describing;
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
        // Measured before it is copied out of the sandbox: a 20 MB argument is refused, not read.
        const lengthHandle = ctx.getProp(payloadHandle, 'length');
        const length = ctx.getNumber(lengthHandle);
        lengthHandle.dispose();
        if (!(length <= payloadChars(run.limits))) run.fail(new FatalError(failures.payloadTooLarge(payloadChars(run.limits))));
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
    // Out of memory keeps the learner's frames: the line that allocated is the line to show.
    run.setFatal(new FatalError(failure, failure.code === 'out_of_memory' ? described.frames : this.located(failure, described.frames)));
  }

  /** Out of memory (heap, WebAssembly memory or stack), out of time, or the learner's own error. */
  private classify(described: { message: string }, limits: SandboxLimits, hadBody: boolean): Failure {
    const limit = this.memoryOver ? 'out_of_memory' : engineLimit(described.message, performance.now() > this.deadline);
    if (limit) return limitFailure(limit, limits);
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
    this.describing = true;
    const result = ctx.callFunction(this.describeFn!, ctx.undefined, errorHandle);
    this.describing = false;
    this.deadline = deadline;
    if (result.error) {
      result.error.dispose();
      if (late || performance.now() > this.deadline) return { message: 'InternalError: interrupted', frames: [] };
      // The describer itself failed (out of memory, say): the engine's own view of the error.
      return { message: engineMessage(ctx, errorHandle), frames: [] };
    }
    const lengthHandle = ctx.getProp(result.value, 'length');
    const fits = ctx.typeof(result.value) === 'string' && ctx.getNumber(lengthHandle) <= 64 * 1024;
    lengthHandle.dispose();
    const json = fits ? ctx.getString(result.value) : '{}';
    result.value.dispose();
    const parsed = JSON.parse(json) as { message?: unknown; frames?: unknown };
    return {
      message: typeof parsed.message === 'string' ? clipText(parsed.message, ERROR_CHARS) : 'Unknown error',
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
    this.events.push(boundEvent(event));
  }

  /** Ends the request from inside a host capability: the guest sees an exception it cannot outlive. */
  fail(error: FatalError): never {
    this.setFatal(error);
    throw this.fatal;
  }

  error(message: string, frames: Frame[]) {
    const limit = this.memoryOver() ? 'out_of_memory' : engineLimit(message, false);
    if (limit) {
      const failure = limitFailure(limit, this.limits);
      return this.setFatal(new FatalError(failure, limit === 'timeout' ? this.locate(failure, frames) : Array.isArray(frames) ? frames : []));
    }
    const failure = failures.runtimeError(clipText(message, ERROR_CHARS), runtimeHint(message, { hadBody: this.hadBody }));
    this.record(failureEvent(failure, now(), this.locate(failure, frames)));
  }

  /**
   * Keeps an event built from what the guest sent. The guest's JSON can be sabotaged (a
   * prototype `toJSON`), so its shape is checked here, where guest data enters the host.
   */
  private record(event: SandboxEvent) {
    if (!sandboxEventSchema.safeParse(event).success) throw new Error('the sandbox could not read what your code sent: was JSON or Object.prototype changed?');
    this.add(event);
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
        this.lastEnterAt = at;
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
      this.add({ ...base, durationMs: now() - t, columns: [], rows: [], rowCount: 0, rowsAffected: 0, error: message });
      if (error instanceof LimitExceeded) this.fail(new FatalError(error.failure));
      throw error;
    }
  }

  finish(): RunResult {
    const { events, limits, response } = this;
    if (this.fatal) return { outcome: this.fatal.failure, response: INTERNAL_ERROR, events };
    if (response && Buffer.byteLength(response.body) <= limits.responseBytes) return { outcome: { code: 'ok' }, response, events };
    const failure = response ? failures.responseTooLarge(limits) : failures.noResponse();
    this.add(failureEvent(failure, now()));
    return { outcome: failure, response: INTERNAL_ERROR, events };
  }
}

/** Thrown by a host capability when the learner hit one of its limits: ends the request. */
export class LimitExceeded extends Error {
  constructor(readonly failure: Failure) {
    super(failureText(failure, 'en'));
  }
}

/** An event as kept in a trace: text and values cut to their bounds (the learner's code saw them whole). */
function boundEvent(event: SandboxEvent): SandboxEvent {
  const text = (value: string) => clipText(value, TRACE_TEXT_CHARS);
  const value = (v: unknown) => boundValue(v, TRACE_VALUE_BOUNDS);
  switch (event.type) {
    case 'query':
      return {
        ...event, sql: text(event.sql), params: value(event.params), columns: event.columns.slice(0, TRACE_VALUE_BOUNDS.keys).map(text),
        rows: event.rows.slice(0, TRACE_ROWS).map((row) => value(row) as Record<string, unknown>),
        ...(event.error === undefined ? {} : { error: clipText(event.error, ERROR_CHARS) }),
        ...(event.plan === undefined ? {} : { plan: event.plan.slice(0, 100).map(text) }),
      };
    case 'log':
      return { ...event, message: text(event.message) };
    case 'external':
      return { ...event, service: clipText(event.service, 100), operation: clipText(event.operation, 100), request: value(event.request), response: value(event.response) };
    case 'error': {
      const { failure } = event;
      const params = 'detail' in failure.params ? { ...failure.params, detail: clipText(failure.params.detail, ERROR_CHARS) } : failure.params;
      return { ...event, failure: { ...failure, params } as typeof failure, frames: event.frames.slice(0, 20) };
    }
    case 'respond':
      return { ...event, headers: event.headers.slice(0, TRACE_VALUE_BOUNDS.items), body: text(event.body) };
    case 'enter':
      return { ...event, layer: value(event.layer) as typeof event.layer };
    case 'leave':
      return event;
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
