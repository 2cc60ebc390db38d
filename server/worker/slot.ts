import type { Worker } from 'node:worker_threads';
import { offer, withdraw } from './job-claims.js';
import { decodeFromWorker, type FromWorker, type ToWorker } from './protocol.js';
import { mergeWorkerPhases, phaseEnd, phaseStart } from '../trace/phase-profile.js';

/** A worker's answer, or the slot's own: a request that waited past the slot's patience was never sent. */
export type Reply = Extract<FromWorker, { type: 'result' | 'loaded' | 'database' | 'rows' | 'failed' }> | { type: 'waited' };

export interface Job {
  message: ToWorker;
  /** Deadline for the worker's answer; jobs without one expect no answer. */
  timeoutMs?: number;
  /** When it was queued (performance.now()), for the slot's patience. */
  queuedAt?: number;
  resolve(reply: Reply | null): void;
}

/** A worker thread as started: `ready` turns true with its first message; `claims` are its job cells. */
export interface Spawned {
  worker: Worker;
  ready: { value: boolean };
  claims: Int32Array;
}

/** What a slot tells its pool. */
export interface SlotEvents {
  /** A job's reply, before the job's promise is resolved with it (committed images are kept first). */
  answered(job: Job, reply: Reply): void;
  /** The worker must be replaced: `null` when its job outlived the deadline, 'crashed' when it died, misbehaved or retired. */
  replace(reason: 'crashed' | null): void;
  /** The job in flight has run past `stuckAfterMs`: the sessions waiting behind it may move. */
  stuck(): void;
}

export interface SlotOptions {
  /** Jobs sent to the worker before the previous one answered. */
  pipelineDepth: number;
  /** A job running longer than this makes the worker stuck. */
  stuckAfterMs: number;
  /** A request that has waited this long to be sent is answered `waited` instead (no limit when absent). */
  patienceMs?: number;
}

const ignore = () => {};

/** Jobs that answer (requests, database reads), as opposed to open/code/close bookkeeping. */
export const isWork = (job: Job) => ['request', 'code', 'start', 'database', 'select'].includes(job.message.type);

export const sessionOf = (job: Job | null | undefined): string | undefined => (job && 'sessionId' in job.message ? job.message.sessionId : undefined);

/**
 * One worker thread and its jobs: `queue` not yet sent, `inflight` sent and answered in order.
 * The worker runs them one by one, so the clock for the first in flight starts when the one
 * before it answered. The slot outlives its workers: a replacement takes over its sessions and jobs.
 */
export class Slot {
  worker!: Worker;
  private claims!: Int32Array;
  /** The sessions this slot hosts (placement counts them). */
  readonly sessions = new Set<string>();
  private queue: Job[] = [];
  private inflight: Job[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stuckTimer: NodeJS.Timeout | null = null;
  private busySince = 0;
  private isReady = false;
  /** Asked to be replaced once its jobs in flight are answered (its memory grew, or it emptied). */
  private retiring = false;
  /** Workers this slot has replaced. */
  restarts = 0;
  /** Jobs answered by the current worker. */
  private served = 0;

  constructor(
    /** The quarantine worker hosts only new code and sessions whose code cost a worker its deadline. */
    readonly quarantine: boolean,
    private readonly options: SlotOptions,
    private readonly events: SlotEvents,
  ) {}

  /** True once the worker has said it is ready. */
  get ready(): boolean {
    return this.isReady;
  }

  /** How many sessions the slot hosts. */
  get hosting(): number {
    return this.sessions.size;
  }

  /** Learners' requests sent and not answered, or waiting to be sent. */
  get requestsAhead(): number {
    return [...this.inflight, ...this.queue].filter((job) => job.message.type === 'request').length;
  }

  /** Jobs waiting to be sent. */
  get waiting(): number {
    return this.queue.length;
  }

  /** True when the current worker has answered a job: an emptied slot is then worth a fresh worker. */
  get hasServed(): boolean {
    return this.served > 0;
  }

  /** Not ready, retiring, or running one job for longer than `stuckAfterMs`. */
  get stuck(): boolean {
    return !this.isReady || this.retiring || (this.inflight.length > 0 && performance.now() - this.busySince > this.options.stuckAfterMs);
  }

  /** True while the worker runs this session's job; jobs only waiting behind it can be withdrawn. */
  runs(sessionId: string): boolean {
    return sessionOf(this.inflight[0]) === sessionId;
  }

  /** Queues a message and sends what the pipeline allows. */
  enqueue(message: ToWorker, timeoutMs?: number, resolve: (reply: Reply | null) => void = ignore): void {
    this.queue.push({ message, timeoutMs, resolve, queuedAt: performance.now() });
    this.pump();
  }

  /** Queues a message sent whenever the worker next takes jobs (a 'close' behind a busy worker). */
  defer(message: ToWorker): void {
    this.queue.push({ message, resolve: ignore });
  }

  /** A session arriving: its `open` first, then the jobs it carried from its old slot, in order. */
  arrive(open: ToWorker, carried: Job[]): void {
    this.queue.push({ message: open, resolve: ignore }, ...carried);
    this.pump();
  }

  /** Sessions with work waiting behind the job in flight (not the one it runs). */
  waitingSessions(): Set<string> {
    // Only work: a 'close' left by an earlier move names a session living elsewhere.
    return new Set(
      [...this.inflight.slice(1), ...this.queue]
        .filter(isWork)
        .map(sessionOf)
        .filter((id): id is string => id !== undefined && !this.runs(id)),
    );
  }

  /**
   * Takes back a session's jobs, to carry them to another slot: those waiting here, and those sent
   * but not started, withdrawn from the worker. Null when one of them has started: then nothing
   * moves, and what was withdrawn is sent again here, in order.
   */
  takeBack(sessionId: string): Job[] | null {
    // Withdrawn last first: the worker runs in order, so once one cannot be withdrawn (it started),
    // those behind it have not, and are sent again here rather than moved, keeping their order.
    const followers = this.inflight.slice(1).filter((job) => sessionOf(job) === sessionId);
    const withdrawn: Job[] = [];
    let started = false;
    for (const job of [...followers].reverse()) {
      if ('id' in job.message && withdraw(this.claims, job.message.id)) withdrawn.unshift(job);
      else {
        started = true;
        break;
      }
    }
    this.inflight = this.inflight.filter((job) => !withdrawn.includes(job));
    if (started) {
      this.queue.unshift(...withdrawn);
      this.pump();
      return null;
    }
    const carried = [...withdrawn, ...this.queue.filter((job) => sessionOf(job) === sessionId && isWork(job))];
    this.queue = this.queue.filter((job) => sessionOf(job) !== sessionId);
    return carried;
  }

  /** Asks for a fresh worker once the jobs in flight are answered. */
  retire(): void {
    this.retiring = true;
    if (this.inflight.length === 0) this.events.replace('crashed');
  }

  /** Takes `spawned` as this slot's worker and listens to it. */
  attach({ worker, ready, claims }: Spawned): void {
    this.worker = worker;
    this.claims = claims;
    this.isReady = ready.value;
    worker.on('message', (raw: unknown) => {
      if (this.worker !== worker) return;
      const decodingAt = phaseStart();
      const parsed = decodeFromWorker(raw);
      if (!parsed.success) return this.events.replace('crashed');
      const message = parsed.data;
      if (message.type === 'result') {
        phaseEnd('main: decode the worker result', decodingAt);
        mergeWorkerPhases(message.profile);
      }
      if (message.type === 'ready') {
        this.isReady = true;
        return this.pump();
      }
      const job = this.inflight[0];
      if (!job || !('id' in job.message) || job.message.id !== message.id) return;
      this.inflight.shift();
      this.events.answered(job, message);
      this.served++;
      if (message.type === 'result' && message.retire) this.retiring = true;
      job.resolve(message);
      if (this.retiring && this.inflight.length === 0) return this.events.replace('crashed');
      this.startClock();
      this.pump();
    });
    worker.on('error', () => this.worker === worker && this.events.replace('crashed'));
    worker.on('exit', () => this.worker === worker && this.events.replace('crashed'));
  }

  /**
   * Terminates the worker and attaches `next()`: `reopen` (the sessions' committed images) goes
   * first, then the work that never ran. The job it was running is answered for `reason` (null: a timeout).
   */
  restart(next: () => Spawned, reason: 'crashed' | null, reopen: ToWorker[]): void {
    const old = this.worker;
    // The first job in flight is the one that hung or crashed; those behind it never ran.
    const [running, ...unsent] = this.inflight;
    clearTimeout(this.timer!);
    clearTimeout(this.stuckTimer!);
    this.inflight = [];
    this.retiring = false;
    this.served = 0;
    this.restarts++;
    void old.terminate();
    this.attach(next());
    const pending = [...unsent, ...this.queue].filter(isWork);
    this.queue = reopen.map((message) => ({ message, resolve: ignore }));
    this.queue.push(...pending);
    running?.resolve(reason === null ? null : { type: 'failed', id: 0, message: 'the sandbox crashed' });
    this.pump();
  }

  private pump() {
    while (this.isReady && !this.retiring && this.inflight.length < this.options.pipelineDepth && this.queue.length > 0) {
      const job = this.queue.shift()!;
      if (this.waitedTooLong(job)) {
        job.resolve({ type: 'waited' });
        continue;
      }
      if ('id' in job.message) offer(this.claims, job.message.id);
      const postingAt = phaseStart();
      this.worker.postMessage(job.message);
      if (job.message.type === 'request') phaseEnd('main: post the job to the worker', postingAt);
      if (job.timeoutMs === undefined) {
        job.resolve(null);
        continue;
      }
      this.inflight.push(job);
      if (this.inflight.length === 1) this.startClock();
    }
  }

  /** A learner's request that has waited past the slot's patience (only the quarantine has one). */
  private waitedTooLong(job: Job): boolean {
    const { patienceMs } = this.options;
    return patienceMs !== undefined && job.message.type === 'request' && job.queuedAt !== undefined && performance.now() - job.queuedAt > patienceMs;
  }

  /** Times the first job in flight: the worker replaced past its deadline, its neighbours moved past `stuckAfterMs`. */
  private startClock() {
    clearTimeout(this.timer!);
    clearTimeout(this.stuckTimer!);
    const job = this.inflight[0];
    if (!job) return;
    this.busySince = performance.now();
    this.timer = setTimeout(() => this.events.replace(null), job.timeoutMs);
    this.stuckTimer = setTimeout(() => this.events.stuck(), this.options.stuckAfterMs);
  }
}
