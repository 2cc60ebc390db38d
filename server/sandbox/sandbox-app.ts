import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import type { Failure } from '../contract/failure.js';
import { clipText } from '../limits/bounds.js';
import { failures } from '../limits/failures.js';
import { isLoop, lineInFunction, readsBody } from './function-position.js';
import { FIRST_COLLECTION } from './first-collection.js';
import { GUEST_PRELUDE, LEARNER_FILENAME } from './guest-prelude.js';
import { ERROR_CHARS, guestErrorFailure, now, STACK_BYTES } from './outcomes.js';
import { memoryExhausted, memorySize } from './quickjs-module.js';
import { FatalError, type Frame, RequestRun } from './request-run.js';
import { PROFILING, requestAdd, requestCount } from '../trace/phase-profile.js';
import type { Position, RunResult, SandboxHost, SandboxLimits, SandboxOutcome, SandboxRequest, StartupResult } from './sandbox-types.js';

/** Pending jobs run in bounded batches so a promise loop cannot hold the host past the deadline. */
const JOB_BATCH = 64;

/** Time the guest gets to describe an error the deadline cut off (its frames show the line). */
const DESCRIBE_GRACE_MS = 20;

/** What one message from the guest to the host may weigh: a response body may be escaped up to 6 times its size. */
const payloadChars = (limits: SandboxLimits) => 8 * limits.responseBytes + 64 * 1024;

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
 *
 * This is the engine's side: the runtime, its deadline and memory budget, promise jobs, timers and
 * the guest's errors. What the guest asks of the host is answered by the request's `RequestRun`,
 * and how a run ends is built in `outcomes.ts`.
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
  private guest: Record<'dispatch' | 'describe' | 'nextTimer' | 'runTimers' | 'cancelTimers' | 'loaded', QuickJSHandle> | null = null;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly quickjs: QuickJSWASMModule,
  ) {}

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
      app.evaluateOwn(FIRST_COLLECTION, 'gudang-first-collection.js').dispose();
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
    const run = new RequestRun(
      host,
      limits,
      false,
      (failure, frames) => app.located(failure, frames),
      () => app.memoryOver,
    );
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
    const run = new RequestRun(
      host,
      limits,
      request.body !== undefined,
      (failure, frames) => this.located(failure, frames),
      () => this.memoryOver,
    );
    this.current = run;
    this.fullAtStart = memoryExhausted(this.quickjs);
    this.deadline = performance.now() + limits.timeoutMs;
    this.startMemoryBudget(limits);
    const ctx = this.context;
    try {
      const enteringAt = PROFILING ? performance.now() : 0;
      const arg = ctx.newString(JSON.stringify({ request, responseBytes: limits.responseBytes }));
      const result = ctx.callFunction(this.guest!.dispatch, ctx.undefined, arg);
      arg.dispose();
      requestAdd('  guest dispatch (QuickJS, host calls included)', enteringAt);
      if (result.error) {
        this.reportGuestError(result.error);
        result.error.dispose();
      } else result.value.dispose();
      const drainingAt = PROFILING ? performance.now() : 0;
      this.drainJobs(run);
      while (!run.response && !run.fatal && this.runDueTimers(run)) this.drainJobs(run);
      requestAdd('  promise jobs and timers', drainingAt);
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
      const callingAt = PROFILING ? performance.now() : 0;
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
      const reply = ctx.newString(JSON.stringify(answer ?? null));
      requestAdd('  host calls (time)', callingAt);
      requestCount('  host calls (count)');
      return reply;
    });
    ctx.setProp(ctx.global, '__host', hostFn);
    hostFn.dispose();
  }

  /** Evaluates Gudang's own code, which cannot fail but for a bug in Gudang. */
  private evaluateOwn(code: string, filename: string): QuickJSHandle {
    const result = this.context.evalCode(code, filename);
    if (!result.error) return result.value;
    const text = this.context.dump(result.error);
    result.error.dispose();
    throw new Error(`sandbox ${filename} failed: ${JSON.stringify(text)}`);
  }

  private loadPrelude() {
    const guest = this.evaluateOwn(GUEST_PRELUDE, 'gudang-prelude.js');
    const names = ['dispatch', 'describe', 'nextTimer', 'runTimers', 'cancelTimers', 'loaded'] as const;
    this.guest = Object.fromEntries(names.map((name) => [name, this.context.getProp(guest, name)])) as NonNullable<SandboxApp['guest']>;
    guest.dispose();
  }

  /**
   * The guest libraries compiled on first use so far (server/sandbox/guest/lazy.js), in the order
   * they were: what tests and measurements read to see that a prepared app has compiled none.
   */
  lazyLoaded(): string[] {
    const ctx = this.context;
    const result = ctx.callFunction(this.guest!.loaded, ctx.undefined);
    if (result.error) {
      result.error.dispose();
      return [];
    }
    const text = ctx.typeof(result.value) === 'string' ? ctx.getString(result.value) : '';
    result.value.dispose();
    return text ? text.split(',') : [];
  }

  private reportGuestError(errorHandle: QuickJSHandle) {
    const run = this.current!;
    if (run.fatal) return;
    const described = this.describe(errorHandle);
    const failure = guestErrorFailure(described.message, run.limits, { memoryOver: this.memoryOver, deadlinePassed: performance.now() > this.deadline, hadBody: run.hadBody });
    if (failure.code === 'runtime_error') return run.error(described.message, described.frames);
    // Out of memory keeps the learner's frames: the line that allocated is the line to show.
    run.setFatal(new FatalError(failure, failure.code === 'out_of_memory' ? described.frames : this.located(failure, described.frames)));
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
