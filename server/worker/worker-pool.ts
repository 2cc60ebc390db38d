import { Worker } from 'node:worker_threads';
import type { DatabaseSnapshot } from '../contract/api.js';
import { failures } from '../limits/failures.js';
import { failedRun, failedStartup, now, pausedRun } from '../sandbox/outcomes.js';
import type { RunResult, SandboxLimits, SandboxRequest, StartupResult } from '../sandbox/sandbox-types.js';
import { newClaims, offer, withdraw } from './job-claims.js';
import { Offenders } from './offenders.js';
import { decodeFromWorker, type FromWorker, type SessionImage, type ToWorker } from './protocol.js';

export interface WorkerPoolOptions {
  /** Worker threads; sessions are spread over them. */
  size: number;
  limits: SandboxLimits;
  /** The built worker script (dist/server/sandbox-worker.js). */
  workerUrl: URL;
  /** Extra time past the learner's deadline before the thread is terminated. @default 500 */
  graceMs?: number;
  /** A job running longer than this makes its worker "stuck": other sessions move away. @default 200 */
  stuckAfterMs?: number;
  /** When a session is paused for costing workers their deadline again and again. */
  offenders?: Offenders;
  /**
   * Jobs sent to a worker before the previous one answered. Two keep a worker busy while the main
   * thread handles an answer; more would leave more jobs stuck behind a runaway. @default 2
   */
  pipelineDepth?: number;
  /** Told of each committed database change, after the pool's own image is updated (the store saves it). */
  onCommit?: (sessionId: string, dbBytes: Uint8Array) => void;
}

type Reply = Extract<FromWorker, { type: 'result' | 'loaded' | 'database' | 'rows' | 'failed' }>;

interface Job {
  message: ToWorker;
  /** Deadline for the worker's answer; jobs without one expect no answer. */
  timeoutMs?: number;
  resolve(reply: Reply | null): void;
}

/**
 * One worker thread and its jobs: `queue` not yet sent, `inflight` sent and answered in order.
 * The worker runs them one by one, so the clock for the first in flight starts when the one
 * before it answered.
 */
class Slot {
  worker!: Worker;
  claims!: Int32Array;
  readonly sessions = new Set<string>();
  queue: Job[] = [];
  inflight: Job[] = [];
  timer: NodeJS.Timeout | null = null;
  stuckTimer: NodeJS.Timeout | null = null;
  busySince = 0;
  ready = false;
  /** Asked to be replaced once its jobs in flight are answered (its memory grew, or it emptied). */
  retiring = false;
  restarts = 0;
  /** Jobs answered by the current worker. */
  served = 0;

  /** The quarantine worker hosts only sessions whose code cost a worker its deadline. */
  constructor(readonly quarantine = false) {}

  /** True while the worker runs this session's job; jobs only waiting behind it can be withdrawn. */
  runs(sessionId: string): boolean {
    return sessionOf(this.inflight[0]) === sessionId;
  }
}

/**
 * Hosts sessions in worker threads and keeps them alive: each session's committed database and
 * code are kept here, so when a worker is terminated (a runaway request) or dies, its sessions are
 * opened again on a fresh worker and nothing committed is lost. The same images let sessions move:
 * while one learner's request holds a worker, the other sessions waiting there are opened on
 * another worker, so a runaway costs its neighbours one short wait, not the whole deadline.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly images = new Map<string, SessionImage>();
  private readonly homes = new Map<string, Slot>();
  /** Sessions whose code is known to be loaded on their worker (their last request went well). */
  private readonly started = new Set<string>();
  private nextId = 1;
  private closed = false;
  private spare: Spawned | null = null;

  private readonly quarantine: Slot;
  private readonly offenders: Offenders;
  /** Requests new code still has to answer within its limits before it leaves quarantine. */
  private readonly probation = new Map<string, number>();

  constructor(private readonly options: WorkerPoolOptions) {
    for (let i = 0; i < options.size; i++) this.slots.push(new Slot());
    this.quarantine = new Slot(true);
    this.slots.push(this.quarantine);
    for (const slot of this.slots) this.start(slot);
    this.offenders = options.offenders ?? new Offenders();
  }

  private get regularSlots(): Slot[] {
    return this.slots.filter((slot) => !slot.quarantine);
  }

  get sessionCount(): number {
    return this.images.size;
  }

  /** Worker threads ready to run jobs, of all of them (the quarantine worker included). */
  get workers(): { up: number; total: number } {
    return { up: this.slots.filter((slot) => slot.ready).length, total: this.slots.length };
  }

  /** How many times workers were replaced, for tests and the load report. */
  get restarts(): number {
    return this.slots.reduce((sum, slot) => sum + slot.restarts, 0);
  }

  /** How many times a session moved off a busy worker. */
  moves = 0;

  /**
   * Told of every start-up that ran (the code's top level): on a new session or a reset when asked
   * to `start`, and whenever a worker loads the code again before a request.
   */
  onStartup: (sessionId: string, startup: StartupResult) => void = () => {};

  /** Hosts a session; `start` runs its code's start-up now rather than before its first request. */
  open(sessionId: string, image: SessionImage, start = false): void {
    const slot = this.regularSlots.reduce((best, s) => (s.sessions.size < best.sessions.size ? s : best));
    this.images.set(sessionId, image);
    this.homes.set(sessionId, slot);
    slot.sessions.add(sessionId);
    this.started.delete(sessionId);
    this.enqueue(slot, { type: 'open', sessionId, image });
    if (start) this.startUp(sessionId);
  }

  /** Replaces code and database at once (reset), and starts the code. */
  replace(sessionId: string, image: SessionImage): void {
    const slot = this.home(sessionId);
    this.images.set(sessionId, image);
    this.started.delete(sessionId);
    this.enqueue(slot, { type: 'open', sessionId, image });
    this.release(sessionId);
    this.startUp(sessionId);
  }

  /** Runs the session's start-up now, as a job of its own, timed like a save. */
  private startUp(sessionId: string) {
    const { limits, graceMs = 500 } = this.options;
    void this.ask(sessionId, { type: 'start', id: this.nextId++, sessionId }, limits.timeoutMs + graceMs + PRELUDE_ALLOWANCE_MS).then((reply) => {
      if (reply?.type === 'loaded' && reply.startup) this.onStartup(sessionId, reply.startup);
    });
  }

  /**
   * Starts new code, on probation. When its start-up fails the old code keeps serving, and the
   * result says why; the caller records the start-up (it knows the new code's lines).
   */
  async setCode(sessionId: string, code: string): Promise<StartupResult> {
    const image = this.images.get(sessionId);
    if (!image) throw new Error(`session ${sessionId} is not open`);
    this.onProbation(sessionId);
    const { limits, graceMs = 500 } = this.options;
    // Loading may first evaluate the prelude, when no prepared runtime was waiting.
    const reply = await this.ask(sessionId, { type: 'code', id: this.nextId++, sessionId, code }, limits.timeoutMs + graceMs + PRELUDE_ALLOWANCE_MS);
    if (reply?.type !== 'loaded') {
      return failedStartup(reply === null ? failures.timeoutRestarted(limits) : failures.sandboxCrashed());
    }
    const startup = reply.startup ?? { outcome: { code: 'ok' as const }, events: [], startedAt: now(), endedAt: now() };
    if (startup.outcome.code === 'ok') image.code = code;
    return startup;
  }

  /**
   * New code is untrusted until it has answered a few requests within its limits: until then it
   * runs on the quarantine worker, so a first endless loop never holds a worker others use.
   */
  private onProbation(sessionId: string) {
    this.offenders.forgive(sessionId);
    this.probation.set(sessionId, PROBATION_RUNS);
    const home = this.home(sessionId);
    if (!home.quarantine) this.move(sessionId, home, this.quarantine);
  }

  /** Back among everyone else (the lesson's own code, or code that has behaved). */
  private release(sessionId: string) {
    this.offenders.forgive(sessionId);
    this.probation.delete(sessionId);
    const home = this.home(sessionId);
    if (!home.quarantine) return;
    const regular = this.regularSlots.reduce((best, s) => (s.sessions.size < best.sessions.size ? s : best));
    this.move(sessionId, home, regular);
  }

  /** Where a session belongs after a request's outcome: quarantine for offenders and new code. */
  private placeAfter(sessionId: string, outcome: RunResult['outcome']['code']) {
    if (!this.homes.has(sessionId)) return;
    const home = this.home(sessionId);
    if (this.offenders.record(sessionId, outcome, Date.now())) {
      this.probation.set(sessionId, PROBATION_RUNS);
      if (!home.quarantine) this.move(sessionId, home, this.quarantine);
      return;
    }
    const left = (this.probation.get(sessionId) ?? 0) - 1;
    if (left > 0) this.probation.set(sessionId, left);
    else if (home.quarantine) this.release(sessionId);
  }

  close(sessionId: string): void {
    const slot = this.homes.get(sessionId);
    if (!slot) return;
    this.images.delete(sessionId);
    this.homes.delete(sessionId);
    this.started.delete(sessionId);
    this.probation.delete(sessionId);
    this.offenders.forgive(sessionId);
    slot.sessions.delete(sessionId);
    this.enqueue(slot, { type: 'close', sessionId });
    // WebAssembly memory never shrinks: a worker left with no sessions is swapped for a fresh one,
    // so memory that a class used goes back to the system when its sessions expire.
    if (slot.sessions.size === 0 && slot.served > 0) this.retire(slot);
  }

  private retire(slot: Slot) {
    slot.retiring = true;
    if (slot.inflight.length === 0) this.replaceWorker(slot, 'crashed');
  }

  async request(sessionId: string, request: SandboxRequest): Promise<RunResult> {
    const { limits, graceMs = 500 } = this.options;
    const paused = this.offenders.pausedFor(sessionId, Date.now());
    if (paused > 0) {
      // Answered after as long as a run would have taken: a client that retries at once cannot
      // turn a paused session into a flood (waiting costs a timer, not a core).
      await new Promise((resolve) => setTimeout(resolve, Math.min(paused, limits.timeoutMs)));
      return pausedRun(paused, this.offenders.strikesBeforePause);
    }
    // A request that first starts the code up (after a move or a restart) may need the prelude's time too.
    const allowance = this.started.has(sessionId) ? 0 : PRELUDE_ALLOWANCE_MS;
    const reply = await this.ask(sessionId, { type: 'request', id: this.nextId++, sessionId, request, limits }, limits.timeoutMs + graceMs + allowance);
    if (reply?.type === 'result' && reply.result.outcome.code === 'ok') this.started.add(sessionId);
    const result = reply?.type === 'result' ? reply.result : failedRun(reply === null ? failures.timeoutRestarted(limits) : failures.sandboxCrashed());
    this.placeAfter(sessionId, result.outcome.code);
    return result;
  }

  async database(sessionId: string): Promise<DatabaseSnapshot> {
    const reply = await this.ask(sessionId, { type: 'database', id: this.nextId++, sessionId }, 5000);
    if (reply?.type !== 'database') throw new Error('the database could not be read');
    return reply.snapshot;
  }

  /** Runs a SELECT on the session's database for the server itself (lesson checks); not traced. */
  async select(sessionId: string, sql: string): Promise<Record<string, unknown>[]> {
    const reply = await this.ask(sessionId, { type: 'select', id: this.nextId++, sessionId, sql }, 5000);
    if (reply?.type === 'rows') return reply.rows;
    throw new Error(reply?.type === 'failed' ? reply.message : 'the database could not be read');
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    const workers = [...this.slots.map((slot) => slot.worker), ...(this.spare ? [this.spare.worker] : [])];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private spawn(): Spawned {
    const claims = newClaims();
    const worker = new Worker(this.options.workerUrl, { workerData: { limits: this.options.limits, claims } });
    const ready = { value: false };
    worker.once('message', () => (ready.value = true));
    worker.on('exit', () => {
      if (this.spare?.worker === worker) this.spare = null;
    });
    return { worker, ready, claims };
  }

  private home(sessionId: string): Slot {
    const slot = this.homes.get(sessionId);
    if (!slot) throw new Error(`session ${sessionId} is not open`);
    return slot;
  }

  private ask(sessionId: string, message: ToWorker, timeoutMs: number): Promise<Reply | null> {
    let slot = this.home(sessionId);
    if (!slot.quarantine && this.isStuck(slot) && !slot.runs(sessionId)) {
      const target = this.freeSlot(slot);
      if (target && this.move(sessionId, slot, target)) slot = target;
    }
    return new Promise((resolve) => this.enqueue(slot, message, timeoutMs, resolve));
  }

  private enqueue(slot: Slot, message: ToWorker, timeoutMs?: number, resolve: (reply: Reply | null) => void = () => {}) {
    slot.queue.push({ message, timeoutMs, resolve });
    this.pump(slot);
  }

  private pump(slot: Slot) {
    const depth = this.options.pipelineDepth ?? 2;
    while (slot.ready && !slot.retiring && slot.inflight.length < depth && slot.queue.length > 0) {
      const job = slot.queue.shift()!;
      if ('id' in job.message) offer(slot.claims, job.message.id);
      slot.worker.postMessage(job.message);
      if (job.timeoutMs === undefined) {
        job.resolve(null);
        continue;
      }
      slot.inflight.push(job);
      if (slot.inflight.length === 1) this.startClock(slot);
    }
  }

  /** Times the first job in flight: terminated past its deadline, neighbours moved past 50 ms. */
  private startClock(slot: Slot) {
    clearTimeout(slot.timer!);
    clearTimeout(slot.stuckTimer!);
    const job = slot.inflight[0];
    if (!job) return;
    slot.busySince = performance.now();
    slot.timer = setTimeout(() => this.replaceWorker(slot, null), job.timeoutMs);
    slot.stuckTimer = setTimeout(() => this.evacuate(slot), this.options.stuckAfterMs ?? 200);
  }

  private isStuck(slot: Slot): boolean {
    return !slot.ready || slot.retiring || (slot.inflight.length > 0 && performance.now() - slot.busySince > (this.options.stuckAfterMs ?? 200));
  }

  /** The least busy regular worker that is not stuck, other than `except`. */
  private freeSlot(except: Slot): Slot | undefined {
    const candidates = this.regularSlots.filter((s) => s !== except && !this.isStuck(s));
    return candidates.sort((a, b) => a.queue.length - b.queue.length || a.sessions.size - b.sessions.size)[0];
  }

  /** Moves every session waiting behind a long job to a worker that is free. */
  private evacuate(slot: Slot) {
    // Offenders wait for each other; they do not move back among everyone else.
    if (slot.quarantine) return;
    // Only sessions with work waiting: a 'close' left by an earlier move names a session living elsewhere.
    const waiting = new Set([...slot.inflight.slice(1), ...slot.queue].filter(isWork).map(sessionOf).filter((id): id is string => id !== undefined && !slot.runs(id)));
    for (const sessionId of waiting) {
      const target = this.freeSlot(slot);
      if (!target) return;
      this.move(sessionId, slot, target);
    }
  }

  /**
   * Re-homes a session: open its committed image on `to`, carry its jobs over (those waiting here,
   * and those sent but not started, withdrawn from the busy worker), close it on `from`.
   */
  private move(sessionId: string, from: Slot, to: Slot): boolean {
    const image = this.images.get(sessionId);
    if (!image || this.homes.get(sessionId) !== from) return false;
    // Withdrawn last first: the worker runs in order, so once one cannot be withdrawn (it started),
    // those behind it have not, and are sent again here rather than moved, keeping their order.
    const followers = from.inflight.slice(1).filter((job) => sessionOf(job) === sessionId);
    const withdrawn: Job[] = [];
    let started = false;
    for (const job of [...followers].reverse()) {
      if ('id' in job.message && withdraw(from.claims, job.message.id)) withdrawn.unshift(job);
      else {
        started = true;
        break;
      }
    }
    from.inflight = from.inflight.filter((job) => !withdrawn.includes(job));
    if (started) {
      from.queue.unshift(...withdrawn);
      this.pump(from);
      return false;
    }
    const carried = [...withdrawn, ...from.queue.filter((job) => sessionOf(job) === sessionId && isWork(job))];
    from.queue = from.queue.filter((job) => sessionOf(job) !== sessionId);
    from.sessions.delete(sessionId);
    to.sessions.add(sessionId);
    this.homes.set(sessionId, to);
    this.started.delete(sessionId);
    this.moves++;
    from.queue.push({ message: { type: 'close', sessionId }, resolve: () => {} });
    to.queue.push({ message: { type: 'open', sessionId, image }, resolve: () => {} }, ...carried);
    this.pump(to);
    return true;
  }

  /**
   * A worker for `slot`: the warm spare when there is one (starting a worker costs ~300 ms of
   * loading zod, sql.js and QuickJS, which a replacement should not make learners wait for).
   */
  private start(slot: Slot) {
    const { worker, ready, claims } = this.spare ?? this.spawn();
    this.spare = this.closed ? null : this.spawn();
    slot.worker = worker;
    slot.claims = claims;
    slot.ready = ready.value;
    worker.on('message', (raw: unknown) => {
      if (slot.worker !== worker) return;
      const parsed = decodeFromWorker(raw);
      if (!parsed.success) return this.replaceWorker(slot, 'crashed');
      const message = parsed.data;
      if (message.type === 'ready') {
        slot.ready = true;
        return this.pump(slot);
      }
      const job = slot.inflight[0];
      if (!job || !('id' in job.message) || job.message.id !== message.id) return;
      slot.inflight.shift();
      // The committed image is updated before anything else can reopen the session from it.
      const image = (message.type === 'result' || message.type === 'loaded') && message.dbBytes ? this.images.get(sessionOf(job)!) : undefined;
      if (image && (message.type === 'result' || message.type === 'loaded') && message.dbBytes) {
        image.dbBytes = message.dbBytes;
        this.options.onCommit?.(sessionOf(job)!, message.dbBytes);
      }
      if (message.type === 'result' && message.startup) this.onStartup(sessionOf(job)!, message.startup);
      slot.served++;
      if (message.type === 'result' && message.retire) slot.retiring = true;
      job.resolve(message);
      if (slot.retiring && slot.inflight.length === 0) return this.replaceWorker(slot, 'crashed');
      this.startClock(slot);
      this.pump(slot);
    });
    worker.on('error', () => slot.worker === worker && this.replaceWorker(slot, 'crashed'));
    worker.on('exit', () => slot.worker === worker && !this.closed && this.replaceWorker(slot, 'crashed'));
  }

  /**
   * Terminates a stuck or dead worker and opens its sessions on a new one from their last
   * committed images. The job it was running is answered with `reply` (null for a timeout).
   */
  private replaceWorker(slot: Slot, reason: 'crashed' | null) {
    if (this.closed) return;
    const old = slot.worker;
    // The first job in flight is the one that hung or crashed; those behind it never ran.
    const [running, ...unsent] = slot.inflight;
    clearTimeout(slot.timer!);
    clearTimeout(slot.stuckTimer!);
    slot.inflight = [];
    slot.retiring = false;
    slot.served = 0;
    slot.restarts++;
    void old.terminate();
    this.start(slot);
    const pending = [...unsent, ...slot.queue].filter(isWork);
    slot.queue = [];
    for (const sessionId of slot.sessions) {
      this.started.delete(sessionId);
      slot.queue.push({ message: { type: 'open', sessionId, image: this.images.get(sessionId)! }, resolve: () => {} });
    }
    slot.queue.push(...pending);
    running?.resolve(reason === null ? null : { type: 'failed', id: 0, message: 'the sandbox crashed' });
    this.pump(slot);
  }
}

interface Spawned {
  worker: Worker;
  ready: { value: boolean };
  claims: Int32Array;
}

/** Extra time a save may take to evaluate the guest library (milliseconds normally; more on a loaded machine). */
const PRELUDE_ALLOWANCE_MS = 2000;

/** Requests that new code must answer within its limits before it runs beside everyone else. */
const PROBATION_RUNS = 3;

/** Jobs that answer (requests, database reads), as opposed to open/code/close bookkeeping. */
const isWork = (job: Job) => ['request', 'code', 'start', 'database', 'select'].includes(job.message.type);

const sessionOf = (job: Job | null | undefined): string | undefined => (job && 'sessionId' in job.message ? job.message.sessionId : undefined);
