import type { DataStore } from '../store/data-store.js';

interface Pending {
  /** The newest committed image not yet written; `null` is the lesson's own (after a reset). */
  latest?: Uint8Array | null;
  timer?: NodeJS.Timeout;
  lastWriteAt: number;
  /** Writes of one session run one after another, so a slower older one never lands last. */
  chain: Promise<void>;
}

/**
 * Writes sessions' committed databases to the store, at most once per `intervalMs` per session:
 * the first change after a quiet spell at once, changes within the interval together at its end.
 * While a change waits, the session is marked pending in the store, so that if this process dies
 * first, the instance that reopens the session can say the last second may be missing.
 */
export class ImageSaver {
  private readonly sessions = new Map<string, Pending>();
  /** Milliseconds each image write took, newest last (at most 1,000), for `npm run bench`. */
  readonly writeMs: number[] = [];

  constructor(
    private readonly store: DataStore,
    private readonly intervalMs: number,
    private readonly onError: (error: Error) => void = (error) => console.warn(`could not save a session's database: ${error.message}`),
  ) {}

  committed(sessionId: string, image: Uint8Array | null, at = Date.now()): void {
    const state = this.state(sessionId);
    state.latest = image;
    if (state.timer) return;
    const wait = state.lastWriteAt + this.intervalMs - at;
    if (wait <= 0) return void this.write(sessionId, state);
    this.queue(state, () => this.store.markPending(sessionId, at));
    state.timer = setTimeout(() => void this.write(sessionId, state), wait);
  }

  /** Writes what waits for this session now (before it leaves memory). */
  async flush(sessionId: string): Promise<void> {
    const state = this.sessions.get(sessionId);
    if (!state) return;
    if (state.latest !== undefined) this.write(sessionId, state);
    await state.chain;
  }

  /** Drops the session's state once what waits is written. */
  async forget(sessionId: string): Promise<void> {
    await this.flush(sessionId);
    const state = this.sessions.get(sessionId);
    if (state && state.latest === undefined && !state.timer) this.sessions.delete(sessionId);
  }

  /** Drops what waits, unwritten (the session's data was deleted). */
  discard(sessionId: string): void {
    const state = this.sessions.get(sessionId);
    if (!state) return;
    clearTimeout(state.timer);
    this.sessions.delete(sessionId);
  }

  async flushAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.flush(id)));
  }

  private state(sessionId: string): Pending {
    let state = this.sessions.get(sessionId);
    if (!state) {
      state = { lastWriteAt: 0, chain: Promise.resolve() };
      this.sessions.set(sessionId, state);
    }
    return state;
  }

  private write(sessionId: string, state: Pending) {
    clearTimeout(state.timer);
    state.timer = undefined;
    const image = state.latest;
    if (image === undefined) return;
    state.latest = undefined;
    const at = Date.now();
    state.lastWriteAt = at;
    this.queue(state, async () => {
      const started = performance.now();
      await this.store.saveImage(sessionId, image, at);
      this.writeMs.push(performance.now() - started);
      if (this.writeMs.length > 1000) this.writeMs.shift();
    });
  }

  private queue(state: Pending, task: () => Promise<void>) {
    state.chain = state.chain.then(task).catch((error: Error) => this.onError(error));
  }
}
