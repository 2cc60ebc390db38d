import { Worker } from 'node:worker_threads';
import type { DatabaseSnapshot } from '../contract/api.js';
import { failures } from '../limits/failures.js';
import { failedRun, failedStartup, now, pausedRun, quarantineFullRun } from '../sandbox/outcomes.js';
import type { RunResult, SandboxLimits, SandboxRequest, StartupResult } from '../sandbox/sandbox-types.js';
import { newClaims } from './job-claims.js';
import { Offenders } from './offenders.js';
import { afterRequest, evacuates, forNewCode, freeSlot, leastLoaded, leavesBeforeWork, type Verdict } from './placement.js';
import type { SessionImage, ToWorker } from './protocol.js';
import { type Job, type Reply, sessionOf, Slot, type Spawned } from './slot.js';

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
   * Jobs sent to a worker before the previous one answered. With two, a busy session's worker sat
   * idle ~40% of the time waiting for the main thread to send the next job (a CPU profile under
   * `npm run bench`); eight keep it busy. Jobs sent but not started behind a runaway are still
   * withdrawn and moved (`Slot.takeBack`), so a deeper pipeline strands none. @default 8
   */
  pipelineDepth?: number;
  /**
   * How long a request may wait in quarantine before it is answered 503 instead (a burst of new
   * code that loops waits behind itself). Quarantine sends one job at a time, so waiting ones can be counted. @default 4000
   */
  quarantinePatienceMs?: number;
  /** Apps each worker keeps loaded (the least recently used start up again past it). @default 1000 */
  residentApps?: number;
  /** Told of each committed database change, after the pool's own image is updated (the store saves it). */
  onCommit?: (sessionId: string, dbBytes: Uint8Array) => void;
}

/** One hosted session: what brings it back on any worker, where it lives, and how far it is trusted. */
interface HostedSession {
  /** The committed database and the code, kept after every write. */
  image: SessionImage;
  home: Slot;
  /** Its code is known to be loaded on its worker (its last request went well). */
  started: boolean;
  /** Requests new code still has to answer within its limits before it leaves quarantine. */
  probation: number;
}

/**
 * Hosts sessions in worker threads and keeps them alive: each session's committed database and
 * code are kept here, so when a worker is terminated (a runaway request) or dies, its sessions are
 * opened again on a fresh worker and nothing committed is lost. The same images let sessions move:
 * while one learner's request holds a worker, the other sessions waiting there are opened on
 * another worker, so a runaway costs its neighbours one short wait, not the whole deadline.
 * Where a session goes is `placement.ts`'s decision; each `Slot` runs its worker's jobs and clocks.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly hosted = new Map<string, HostedSession>();
  private nextId = 1;
  private closed = false;
  private spare: Spawned | null = null;

  private readonly quarantine: Slot;
  private readonly offenders: Offenders;

  constructor(private readonly options: WorkerPoolOptions) {
    for (let i = 0; i < options.size; i++) this.slots.push(this.newSlot(false));
    this.quarantine = this.newSlot(true);
    this.slots.push(this.quarantine);
    for (const slot of this.slots) slot.attach(this.nextWorker());
    this.offenders = options.offenders ?? new Offenders();
  }

  private newSlot(quarantine: boolean): Slot {
    const { pipelineDepth = 8, stuckAfterMs = 200, quarantinePatienceMs = 4000 } = this.options;
    const slot: Slot = new Slot(
      quarantine,
      // Quarantine keeps its waiting jobs here, one sent at a time, so one that waited too long can still be refused.
      quarantine ? { pipelineDepth: 1, stuckAfterMs, patienceMs: quarantinePatienceMs } : { pipelineDepth, stuckAfterMs },
      {
        answered: (job, reply) => this.answered(job, reply),
        replace: (reason) => this.replaceWorker(slot, reason),
        stuck: () => this.evacuate(slot),
      },
    );
    return slot;
  }

  get sessionCount(): number {
    return this.hosted.size;
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
    const slot = leastLoaded(this.slots);
    // Opened again under the same id, a session keeps its probation.
    const probation = this.hosted.get(sessionId)?.probation ?? 0;
    this.hosted.set(sessionId, { image, home: slot, started: false, probation });
    slot.sessions.add(sessionId);
    slot.enqueue({ type: 'open', sessionId, image });
    if (start) this.startUp(sessionId);
  }

  /** Replaces code and database at once (reset), and starts the code. */
  replace(sessionId: string, image: SessionImage): void {
    const hosted = this.session(sessionId);
    hosted.image = image;
    hosted.started = false;
    hosted.home.enqueue({ type: 'open', sessionId, image });
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
    const hosted = this.hosted.get(sessionId);
    if (!hosted) throw new Error(`session ${sessionId} is not open`);
    const { image } = hosted;
    // New code is untrusted: it runs on the quarantine worker, so a first endless loop never holds a worker others use.
    this.offenders.forgive(sessionId);
    this.place(sessionId, forNewCode());
    const { limits, graceMs = 500 } = this.options;
    // Loading may first evaluate the prelude, when no prepared runtime was waiting.
    const reply = await this.ask(sessionId, { type: 'code', id: this.nextId++, sessionId, code }, limits.timeoutMs + graceMs + PRELUDE_ALLOWANCE_MS);
    if (reply?.type !== 'loaded') return failedStartup(reply === null ? failures.timeoutRestarted(limits) : failures.sandboxCrashed());
    const startup = reply.startup ?? { outcome: { code: 'ok' as const }, events: [], startedAt: now(), endedAt: now() };
    if (startup.outcome.code === 'ok') image.code = code;
    return startup;
  }

  /** Back among everyone else (the lesson's own code, or code that has behaved). */
  private release(sessionId: string) {
    this.offenders.forgive(sessionId);
    this.place(sessionId, { probation: 0, to: 'regular' });
  }

  /** Carries out a verdict: the session's probation, and its move to or out of quarantine. */
  private place(sessionId: string, verdict: Verdict) {
    const hosted = this.session(sessionId);
    hosted.probation = verdict.probation;
    const { home } = hosted;
    if (verdict.to === 'quarantine' && !home.quarantine) this.move(sessionId, home, this.quarantine);
    if (verdict.to === 'regular' && home.quarantine) this.move(sessionId, home, leastLoaded(this.slots));
  }

  /** Where a session belongs after a request's outcome: quarantine for offenders and new code. */
  private placeAfter(sessionId: string, outcome: RunResult['outcome']['code']) {
    const hosted = this.hosted.get(sessionId);
    if (!hosted) return;
    const offended = this.offenders.record(sessionId, outcome, Date.now());
    const verdict = afterRequest({ probation: hosted.probation, quarantined: hosted.home.quarantine }, offended);
    if (verdict.to === 'regular') this.release(sessionId);
    else this.place(sessionId, verdict);
  }

  close(sessionId: string): void {
    const hosted = this.hosted.get(sessionId);
    if (!hosted) return;
    const slot = hosted.home;
    this.hosted.delete(sessionId);
    this.offenders.forgive(sessionId);
    slot.sessions.delete(sessionId);
    slot.enqueue({ type: 'close', sessionId });
    // WebAssembly memory never shrinks: a worker left with no sessions is swapped for a fresh one,
    // so memory that a class used goes back to the system when its sessions expire.
    if (slot.sessions.size === 0 && slot.hasServed) slot.retire();
  }

  async request(sessionId: string, request: SandboxRequest): Promise<RunResult> {
    const { limits, graceMs = 500 } = this.options;
    // Refusals are answered after as long as a run would have taken: a client that retries at once
    // cannot turn them into a flood (waiting costs a timer, not a core).
    const afterARun = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, limits.timeoutMs)));
    const paused = this.offenders.pausedFor(sessionId, Date.now());
    if (paused > 0) {
      await afterARun(paused);
      return pausedRun(paused, this.offenders.strikesBeforePause);
    }
    // Offenders wait for each other in quarantine, each possibly for a whole deadline and a restart:
    // past a few ahead the wait would outlast a client's patience, so the offender is told to come back.
    const home = this.hosted.get(sessionId)?.home;
    if (home?.quarantine && this.offenders.isOffender(sessionId) && home.requestsAhead >= OFFENDER_REQUESTS_AHEAD) {
      const seconds = Math.ceil((home.requestsAhead * (limits.timeoutMs + graceMs)) / 1000);
      await afterARun(limits.timeoutMs);
      return quarantineFullRun(seconds);
    }
    // A request that first starts the code up (after a move or a restart) may need the prelude's time too.
    const allowance = this.hosted.get(sessionId)?.started ? 0 : PRELUDE_ALLOWANCE_MS;
    const reply = await this.ask(sessionId, { type: 'request', id: this.nextId++, sessionId, request, limits }, limits.timeoutMs + graceMs + allowance);
    const hosted = this.hosted.get(sessionId);
    if (hosted && reply?.type === 'result' && reply.result.outcome.code === 'ok') hosted.started = true;
    if (reply?.type === 'waited') return quarantineFullRun(Math.ceil((limits.timeoutMs + graceMs) / 1000));
    const result = reply?.type === 'result' ? reply.result : failedRun(reply === null ? failures.timeoutRestarted(limits) : failures.sandboxCrashed());
    this.placeAfter(sessionId, result.outcome.code);
    return result;
  }

  /** A copy of the session's committed database, to open elsewhere (the solution's run of a learner request). */
  committedDb(sessionId: string): Uint8Array {
    return this.session(sessionId).image.dbBytes.slice();
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
    // A worker's own objects are few and short-lived (its memory is WebAssembly's): a young
    // generation of V8's default size would hold tens of MB of garbage per worker between scavenges.
    const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
    const worker = new Worker(this.options.workerUrl, { resourceLimits, workerData: { limits: this.options.limits, claims, residentApps: this.options.residentApps } });
    const ready = { value: false };
    worker.once('message', () => (ready.value = true));
    worker.on('exit', () => {
      if (this.spare?.worker === worker) this.spare = null;
    });
    return { worker, ready, claims };
  }

  /**
   * A worker for a slot: the warm spare when there is one (starting a worker costs ~300 ms of
   * loading zod, sql.js and QuickJS, which a replacement should not make learners wait for).
   */
  private nextWorker(): Spawned {
    const next = this.spare ?? this.spawn();
    this.spare = this.closed ? null : this.spawn();
    return next;
  }

  private session(sessionId: string): HostedSession {
    const hosted = this.hosted.get(sessionId);
    if (!hosted) throw new Error(`session ${sessionId} is not open`);
    return hosted;
  }

  private ask(sessionId: string, message: ToWorker, timeoutMs: number): Promise<Reply | null> {
    let slot = this.session(sessionId).home;
    if (leavesBeforeWork(slot, slot.runs(sessionId))) {
      const target = freeSlot(this.slots, slot);
      if (target && this.move(sessionId, slot, target)) slot = target;
    }
    return new Promise((resolve) => slot.enqueue(message, timeoutMs, resolve));
  }

  /** A job's reply: the committed image is updated before anything else can reopen the session from it. */
  private answered(job: Job, reply: Reply) {
    const sessionId = sessionOf(job)!;
    if ((reply.type === 'result' || reply.type === 'loaded') && reply.dbBytes) {
      const hosted = this.hosted.get(sessionId);
      if (hosted) {
        hosted.image.dbBytes = reply.dbBytes;
        this.options.onCommit?.(sessionId, reply.dbBytes);
      }
    }
    if (reply.type === 'result' && reply.startup) this.onStartup(sessionId, reply.startup);
  }

  /** Moves every session waiting behind a long job to a worker that is free. */
  private evacuate(slot: Slot) {
    if (!evacuates(slot)) return;
    for (const sessionId of slot.waitingSessions()) {
      const target = freeSlot(this.slots, slot);
      if (!target) return;
      this.move(sessionId, slot, target);
    }
  }

  /**
   * Re-homes a session: open its committed image on `to`, carry its jobs over (those waiting here,
   * and those sent but not started, withdrawn from the busy worker), close it on `from`.
   */
  private move(sessionId: string, from: Slot, to: Slot): boolean {
    const hosted = this.hosted.get(sessionId);
    if (!hosted || hosted.home !== from) return false;
    const carried = from.takeBack(sessionId);
    if (!carried) return false;
    from.sessions.delete(sessionId);
    to.sessions.add(sessionId);
    hosted.home = to;
    hosted.started = false;
    this.moves++;
    from.defer({ type: 'close', sessionId });
    to.arrive({ type: 'open', sessionId, image: hosted.image }, carried);
    return true;
  }

  /**
   * Terminates a stuck or dead worker and opens its sessions on a new one from their last
   * committed images. The job it was running is answered with `reason` (null for a timeout).
   */
  private replaceWorker(slot: Slot, reason: 'crashed' | null) {
    if (this.closed) return;
    const reopen: ToWorker[] = [];
    for (const sessionId of slot.sessions) {
      const hosted = this.hosted.get(sessionId)!;
      hosted.started = false;
      reopen.push({ type: 'open', sessionId, image: hosted.image });
    }
    slot.restart(() => this.nextWorker(), reason, reopen);
  }
}

const WORKER_YOUNG_GENERATION_MB = 8;

/** Extra time a save may take to evaluate the guest library (milliseconds normally; more on a loaded machine). */
const PRELUDE_ALLOWANCE_MS = 2000;

/**
 * Requests already waiting in quarantine past which an offender's next one is refused (503,
 * Retry-After): each may take a whole deadline and a worker's restart, so two keep the wait to seconds.
 */
const OFFENDER_REQUESTS_AHEAD = 2;
