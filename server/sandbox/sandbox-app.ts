import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { GUEST_PRELUDE, LEARNER_FILENAME } from './guest-prelude.js';
import type { Failure } from '../contract/failure.js';
import { isLoop, lineInFunction, readsBody } from './function-position.js';
import { engineLimit, failureEvent, INTERNAL_ERROR } from './outcomes.js';
import { boundValue, clipText, TRACE_TEXT_CHARS, TRACE_VALUE_BOUNDS } from '../limits/bounds.js';
import { failures, LimitExceeded } from '../limits/failures.js';
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

/** What running the learner's top-level code (start-up) produced. */
export interface StartupResult {
  outcome: SandboxOutcome;
  events: SandboxEvent[];
  /** Absolute ms, as event times. */
  startedAt: number;
  endedAt: number;
}

/** Generous: only a machine under heavy load takes more than a few milliseconds. */
const PRELUDE_MS = 10_000;

/** A shared word for Atomics.wait: how the host sleeps until a learner's timer is due. */
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
};

/**
 * The learner's code loaded in its own QuickJS runtime, ready to handle requests. Loading runs the
 * code's top level like a server's start-up (it may use `db`), recorded as its own events; a request
 * costs well under a millisecond, so an app is kept per session and thrown away when its code
 * changes or a request ends abnormally. Like a real server, top-level variables live as long as the
 * app does. Knows nothing of HTTP, sessions or lessons.
 */
export class SandboxApp {
  private deadline = 0;
  private current: RequestRun | null = null;
  /** The engine's memory when the run began, and what the run may add to it. */
  private memoryAtStart = 0;
  private memoryBudget = 0;
  /** Set by the interrupt handler once the run grew the engine's memory past its budget. */
  private memoryOver = false;
  /** Describing an error runs guest code, which must not be cut off for the memory that error used. */
  private describing = false;
  /** The engine's memory was already near its bound when the run began: not this run's doing. */
  private fullAtStart = false;
  /** Learner code was loaded into it: a prepared app serves one load only. */
  private used = false;
  /** The compiled code, to find the loop an interrupted function was stuck in. */
  private code = '';
  /** The guest's entry points, held by the host so learner code cannot replace them. */
  private guest: Record<'dispatch' | 'describe' | 'nextTimer' | 'runTimers' | 'cancelTimers', QuickJSHandle> | null = null;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly quickjs: QuickJSWASMModule,
  ) {}

  /**
   * Loads the code and runs its start-up against `host`. Returns the app, or null when start-up
   * failed (the error is the outcome and the last event), and what start-up did either way.
   */
  /**
   * A runtime with the prelude evaluated and no learner code yet: what every load starts from.
   * Evaluating the prelude (Express's router and all) costs several milliseconds, so a worker
   * prepares one ahead, while it is idle, and a save then only pays for the learner's code.
   */
  static prepare(quickjs: QuickJSWASMModule): SandboxApp {
    const runtime = quickjs.newRuntime();
    runtime.setMaxStackSize(STACK_BYTES);
    const app = new SandboxApp(runtime, runtime.newContext(), quickjs);
    try {
      runtime.setInterruptHandler(() => app.shouldStop());
      app.installHost();
      // The prelude is Gudang's own code: its time is not the learner's.
      app.deadline = performance.now() + PRELUDE_MS;
      app.loadPrelude();
      return app;
    } catch (error) {
      app.dispose();
      throw error;
    }
  }

  /** True when this app was prepared by `engine` (a prepared app belongs to the engine it lives in). */
  belongsTo(engine: QuickJSWASMModule): boolean {
    return this.quickjs === engine;
  }

  /**
   * Loads `code` into a prepared app (or a fresh one) and runs its start-up against `host`.
   * Returns the app, or null when start-up failed (the error is the outcome and the last event),
   * and what start-up did either way.
   */
  static load(quickjs: QuickJSWASMModule, code: string, limits: SandboxLimits, host: SandboxHost, prepared?: SandboxApp): { app: SandboxApp | null; startup: StartupResult; engineUnsafe?: boolean } {
    const startedAt = now();
    const app = prepared?.belongsTo(quickjs) && !prepared.used ? prepared : SandboxApp.prepare(quickjs);
    app.used = true;
    app.code = code;
    const run = new RequestRun(host, limits, false, (failure, frames) => app.located(failure, frames), () => app.memoryOver);
    try {
      app.deadline = performance.now() + limits.timeoutMs;
      app.fullAtStart = memoryExhausted(quickjs);
      app.startMemoryBudget(limits);
      app.current = run;
      const result = app.context.evalCode(code, LEARNER_FILENAME);
      if (result.error) {
        app.reportGuestError(result.error);
        result.error.dispose();
      } else {
        result.value.dispose();
        app.drainJobs(run);
      }
      app.cancelTimers(run, 'start-up');
      app.checkLimits(run);
    } catch (error) {
      app.current = null;
      app.dispose();
      throw error;
    }
    app.current = null;
    const failed = run.events.find((e) => e.type === 'error');
    const outcome: SandboxOutcome = run.fatal ? run.fatal.failure : failed?.type === 'error' ? failed.failure : { code: 'ok' };
    const startup = { outcome, events: run.events, startedAt, endedAt: now() };
    // A runtime that cannot be freed (a promise loop cut off) leaves its engine unsafe to reuse.
    if (outcome.code !== 'ok') return { app: null, startup, engineUnsafe: !app.dispose() };
    return { app, startup };
  }

  handle(request: SandboxRequest, host: SandboxHost, limits: SandboxLimits): RunResult {
    const run = new RequestRun(host, limits, request.body !== undefined, (failure, frames) => this.located(failure, frames), () => this.memoryOver);
    this.current = run;
    this.fullAtStart = memoryExhausted(this.quickjs);
    this.deadline = performance.now() + limits.timeoutMs;
    this.startMemoryBudget(limits);
    const ctx = this.context;
    try {
      const arg = ctx.newString(JSON.stringify({ request, responseBytes: limits.responseBytes }));
      const result = ctx.callFunction(this.guest!.dispatch, ctx.undefined, arg);
      arg.dispose();
      if (result.error) {
        this.reportGuestError(result.error);
        result.error.dispose();
      } else result.value.dispose();
      this.drainJobs(run);
      while (!run.response && !run.fatal && this.runDueTimers(run)) this.drainJobs(run);
      this.cancelTimers(run, 'the response');
      this.checkLimits(run);
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
      for (const handle of Object.values(this.guest ?? {})) handle.dispose();
      this.context.dispose();
      this.runtime.dispose();
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Asked by the engine now and then. Stops the guest at the deadline, as soon as the run must end,
   * and when memory is nearly gone: near the bound, QuickJS collects garbage on every allocation
   * and would crawl to the deadline instead of failing.
   */
  private shouldStop(): boolean {
    if (performance.now() > this.deadline || this.overMemory()) return true;
    const run = this.current;
    if (!run) return false;
    if (!run.fatal && !this.fullAtStart && memoryExhausted(this.quickjs)) run.setFatal(new FatalError(failures.outOfMemory(run.limits)));
    return run.fatal !== null;
  }

  private checkLimits(run: RequestRun) {
    // QuickJS may swallow a failed allocation (a job just ends, a catch sees null and routing goes
    // on to a 404): an engine that grew to its bound in this run ran out of memory, whatever it answered.
    const grew = memorySize(this.quickjs) > this.memoryAtStart;
    if (this.memoryOver || (memoryExhausted(this.quickjs) && (grew || !run.response))) run.setFatal(new FatalError(failures.outOfMemory(run.limits)));
    else if (performance.now() > this.deadline) run.setFatal(new FatalError(failures.timeout(run.limits)));
  }

  /** Runs promise jobs in bounded batches until none is left, the deadline passes or the run must end. */
  private drainJobs(run: RequestRun) {
    while (this.runtime.hasPendingJob() && !run.fatal && performance.now() <= this.deadline) {
      const jobs = this.runtime.executePendingJobs(JOB_BATCH);
      if (jobs.error) {
        this.reportGuestError(jobs.error);
        jobs.error.dispose();
        break;
      }
    }
  }

  /**
   * Waits for the learner's next timer and runs it; false when none is pending. A timer due after
   * the deadline is waited for only up to the deadline, which then ends the request.
   */
  private runDueTimers(run: RequestRun): boolean {
    const ctx = this.context;
    const dueHandle = ctx.callFunction(this.guest!.nextTimer, ctx.undefined);
    if (dueHandle.error) {
      dueHandle.error.dispose();
      return false;
    }
    const due = ctx.getNumber(dueHandle.value);
    dueHandle.value.dispose();
    if (due < 0) return false;
    const deadlineAt = Date.now() + (this.deadline - performance.now());
    sleep(Math.min(due, deadlineAt + 1) - Date.now());
    if (performance.now() > this.deadline) {
      run.setFatal(new FatalError(failures.timeout(run.limits)));
      return false;
    }
    const nowHandle = ctx.newNumber(Date.now());
    const result = ctx.callFunction(this.guest!.runTimers, ctx.undefined, nowHandle);
    nowHandle.dispose();
    if (result.error) {
      this.reportGuestError(result.error);
      result.error.dispose();
    } else result.value.dispose();
    return true;
  }

  /** Timers still pending when the response went (or start-up ended) die with it; the trace says so. */
  private cancelTimers(run: RequestRun, after: string) {
    const ctx = this.context;
    const result = ctx.callFunction(this.guest!.cancelTimers, ctx.undefined);
    if (result.error) {
      result.error.dispose();
      return;
    }
    const left = JSON.parse(ctx.typeof(result.value) === 'string' ? ctx.getString(result.value) : '[]') as { at: Position; repeat: boolean; ms: number }[];
    result.value.dispose();
    for (const timer of left.slice(0, 20)) {
      const kind = timer.repeat ? 'setInterval' : 'setTimeout';
      run.note(`a ${kind}(…, ${timer.ms}) was still pending after ${after} and was cancelled: in Gudang, code runs only while a request is handled`, timer.at);
    }
  }

  private installHost() {
    const ctx = this.context;
    const hostFn = ctx.newFunction('__host', (opHandle, payloadHandle) => {
      let answer: unknown;
      try {
        const run = this.current;
        if (!run) throw new Error('db, log and services can only be used while your code loads or handles a request');
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
    const names = ['dispatch', 'describe', 'nextTimer', 'runTimers', 'cancelTimers'] as const;
    this.guest = Object.fromEntries(names.map((name) => [name, this.context.getProp(result.value, name)])) as NonNullable<SandboxApp['guest']>;
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
    const result = ctx.callFunction(this.guest!.describe, ctx.undefined, errorHandle);
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

  /** A remark from Gudang itself (not the learner's log), shown as a log step. */
  note(message: string, at?: Position) {
    this.events.push({ type: 'log', t: now(), at, message: `Gudang: ${message}` });
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

  // biome-ignore lint/suspicious/noExplicitAny: the guest's payload is untrusted; each case below checks what it reads
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
      case 'uuid':
        return randomUUID();
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
    if (response && responseBody(response).length <= limits.responseBytes) return { outcome: { code: 'ok' }, response, events };
    const failure = response ? failures.responseTooLarge(limits) : failures.noResponse();
    this.add(failureEvent(failure, now()));
    return { outcome: failure, response: INTERNAL_ERROR, events };
  }
}

/** The bytes of a response body, which the guest sends as text or, for binary bodies, as base64. */
export function responseBody(response: SandboxResponse): Buffer {
  return Buffer.from(response.body, response.base64 ? 'base64' : 'utf8');
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
