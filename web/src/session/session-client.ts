import type { CompileProblem, SessionCreated } from '../../../server/contract/api.js';
import type { LessonChange } from '../../../server/contract/lesson.js';
import type { Trace } from '../../../server/contract/trace.js';
import { ApiError } from '../api/api-error.js';
import { api as defaultApi, sessionEventsUrl } from '../api/client.js';
import { storedLessonId, storedProgress } from '../app/stored-state.js';
import { predictionProgress } from '../predict/prediction-progress.js';
import { watchLessonChanges, watchTraces, type OpenEventStream } from './event-streams.js';
import { initialSessionState, type Notice, type SaveOutcome, type SessionState } from './session-state.js';

type Api = typeof defaultApi;

/** Runs a control-API call with the current session's id. */
export type SessionCall = <T>(run: (sessionId: string) => Promise<T>) => Promise<T>;

export interface SessionClientOptions {
  api?: Pick<Api, 'lessons' | 'lesson' | 'createSession' | 'getSession' | 'putCode' | 'resetSession'>;
  /** Reaches the learner's app. @default window.fetch */
  fetch?: typeof fetch;
  /** Opens a Server-Sent Events stream; without one (no EventSource) nothing is watched. */
  openEvents?: OpenEventStream;
  /** The learner's app is on the origin this page came from: the server's sandboxUrl is for curl. @default window.location.origin */
  origin?: string;
}

const renewed: Notice = { code: 'session_renewed' };
const mayBeLost: Notice = { code: 'changes_may_be_lost' };
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * One learner's lesson and sandbox session, outside React. The session lives on the server and
 * may vanish (idle expiry, restart): whoever meets a 404 asks `recover`, which checks the session,
 * and renews a lost one once however many callers noticed, re-sending the learner's code.
 */
export class SessionClient {
  private state: SessionState = initialSessionState;
  private readonly listeners = new Set<() => void>();
  /** Counts lesson loads: an answer for an older load than this one is dropped. */
  private load = 0;
  /** Sessions this page made: their trace stream replays from the first trace, so none is missed. */
  private readonly created = new Set<string>();
  /** A lost session's recovery, shared by everyone who meets the loss; kept once it found a replacement. */
  private readonly recoveries = new Map<string, Promise<SessionCreated | undefined>>();
  /** Reopenings already told (session id and when its data was saved): each is said once. */
  private readonly toldRestored = new Set<string>();
  private stopWatchingLesson = () => {};
  private readonly api: NonNullable<SessionClientOptions['api']>;
  private readonly fetch: typeof fetch;
  private readonly openEvents?: OpenEventStream;
  private readonly origin: string;

  constructor(options: SessionClientOptions = {}) {
    this.api = options.api ?? defaultApi;
    this.fetch = options.fetch ?? ((input, init) => window.fetch(input, init));
    this.openEvents = options.openEvents ?? (typeof EventSource === 'undefined' ? undefined : (url) => new EventSource(url));
    this.origin = options.origin ?? window.location.origin;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SessionState => this.state;

  private set(change: Partial<SessionState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  /** Reads the lesson list and opens the lesson the learner had open (or the first). */
  readonly start = async (): Promise<void> => {
    try {
      const { lessons } = await this.api.lessons();
      const sorted = [...lessons].sort((a, b) => a.order - b.order);
      this.set({ lessons: sorted });
      const remembered = storedLessonId.get();
      const first = sorted.find((l) => l.id === remembered) ?? sorted[0];
      if (first) await this.openLesson(first.id);
    } catch (error) {
      this.set({ error: messageOf(error) });
    }
  };

  /** The learner's app of a session, with `path` inside it. */
  readonly sandboxUrl = (sessionId: string, path = ''): string => `${this.origin}/sandbox/${sessionId}${path}`;

  /** Opens a lesson: its session from before if the server still has it, else a new one. A later call supersedes this one. */
  readonly openLesson = async (lessonId: string): Promise<void> => {
    const load = ++this.load;
    const current = () => load === this.load;
    storedLessonId.set(lessonId);
    this.stopWatchingLesson();
    this.set({ lesson: undefined, session: undefined, compileProblem: undefined, error: undefined, lessonProblems: [], starterChanged: false });
    try {
      const lesson = await this.api.lesson(lessonId);
      if (!current()) return;
      this.set({ lesson });
      this.watchLesson(lessonId);
      const progress = storedProgress.get(lessonId);
      const existing = progress.sessionId ? await this.api.getSession(progress.sessionId).catch(notFoundAsUndefined) : undefined;
      if (!current()) return;
      if (existing) {
        const code = progress.code ?? existing.code;
        this.set({ session: existing, code, saveState: code === existing.code ? 'saved' : 'dirty' });
        this.tellIfRestored(existing);
        return;
      }
      // A session the server forgot, with code typed into it: say that the code was kept and the data was not.
      await this.startSession(lessonId, current, progress.sessionId && progress.code !== undefined ? renewed : undefined);
    } catch (error) {
      if (current()) this.set({ error: messageOf(error) });
    }
  };

  /** A new session for the lesson, with the learner's stored code sent to it; it becomes the page's if `current()` still holds. */
  private async startSession(lessonId: string, current: () => boolean, notice?: Notice): Promise<SessionCreated> {
    const created = await this.api.createSession(lessonId);
    this.created.add(created.sessionId);
    storedProgress.update(lessonId, { sessionId: created.sessionId });
    const code = storedProgress.get(lessonId).code;
    let compileProblem: CompileProblem | undefined;
    if (code !== undefined && code !== created.code) {
      try {
        await this.api.putCode(created.sessionId, code);
      } catch (error) {
        if (!(error instanceof ApiError) || !error.compile) throw error;
        compileProblem = error.compile;
      }
    }
    if (current()) this.set({ session: created, code: code ?? created.code, saveState: compileProblem ? 'error' : 'saved', compileProblem, ...(notice ? { notice } : {}) });
    return created;
  }

  /**
   * A call met a 404 for session `lostId`. A 404 may be a missing endpoint or route as well as a
   * missing session: only a 404 from GET /api/sessions/:id renews. The answer is the session to
   * use now, or undefined when `lostId` is still there (or its lesson was left meanwhile).
   */
  readonly recover = (lostId: string): Promise<SessionCreated | undefined> => {
    const known = this.recoveries.get(lostId);
    if (known) return known;
    const lesson = this.state.lesson;
    const session = this.state.session;
    if (!lesson || session?.sessionId !== lostId) return Promise.resolve(undefined);
    const load = this.load;
    const recovery = (async () => {
      const alive = await stillThere(this.api, lostId);
      if (alive !== 'gone') {
        // Alive, maybe reopened from the store meanwhile: that answer may be the one that says so.
        if (alive) this.tellIfRestored(alive);
        return undefined;
      }
      return this.startSession(lesson.id, () => load === this.load, renewed);
    })();
    this.recoveries.set(lostId, recovery);
    // Only a replacement is remembered: a session found alive may still be lost later.
    recovery.then(
      (fresh) => fresh || this.recoveries.delete(lostId),
      () => this.recoveries.delete(lostId),
    );
    return recovery;
  };

  /** Runs a control-API call against the current session, renewing it once if the server has forgotten it. */
  readonly call: SessionCall = async (run) => {
    const session = this.state.session;
    if (!session) throw new Error('no session yet');
    try {
      return await run(session.sessionId);
    } catch (error) {
      if (!(error instanceof ApiError) || !error.isNotFound) throw error;
      const fresh = await this.recover(session.sessionId);
      if (!fresh) throw error;
      return run(fresh.sessionId);
    }
  };

  /** Sends a request to the learner's app (`path` inside it); a 404 from a forgotten session is sent again to the new one. */
  readonly sandboxFetch = async (path: string, init?: RequestInit): Promise<Response> => {
    const session = this.state.session;
    if (!session) throw new Error('no session yet');
    const answer = await this.fetch(this.sandboxUrl(session.sessionId, path), init);
    if (answer.status !== 404) return answer;
    const fresh = await this.recover(session.sessionId);
    return fresh ? this.fetch(this.sandboxUrl(fresh.sessionId, path), init) : answer;
  };

  /**
   * The traces of session `sessionId` as they end. A session this page made replays from its first
   * trace, since a request sent right after it was made can end before the stream opens; one that
   * existed before (page load) starts from now. A stream the server closes means a lost session.
   */
  readonly traceEvents = (sessionId: string, onTrace: (trace: Trace) => void): (() => void) => {
    if (!this.openEvents) return () => {};
    return watchTraces(
      this.openEvents,
      sessionEventsUrl(sessionId, this.created.has(sessionId)),
      onTrace,
      () => void this.recover(sessionId).catch(() => undefined),
      () =>
        void this.api.getSession(sessionId).then(
          (session) => this.tellIfRestored(session),
          () => undefined,
        ),
    );
  };

  /**
   * The server reopened the session from its store (a restart, another instance): the learner's
   * code and data are as saved, and only when a write was still waiting may the last second be missing.
   */
  private tellIfRestored(session: SessionCreated): void {
    const restored = session.restored;
    if (!restored?.recentChangesMayBeLost || this.state.session?.sessionId !== session.sessionId) return;
    const key = `${session.sessionId} ${restored.savedAt}`;
    if (this.toldRestored.has(key)) return;
    this.toldRestored.add(key);
    this.set({ notice: mayBeLost });
  }

  private watchLesson(lessonId: string): void {
    this.stopWatchingLesson = this.openEvents ? watchLessonChanges(this.openEvents, lessonId, (change) => this.lessonChanged(change)) : () => {};
  }

  private lessonChanged({ id, problems }: LessonChange): void {
    this.set({ lessonProblems: problems });
    this.api.lesson(id).then(
      (lesson) => {
        const shown = this.state.lesson;
        if (shown?.id === id) this.set({ lesson, starterChanged: this.state.starterChanged || shown.starterCode !== lesson.starterCode });
      },
      () => undefined,
    );
  }

  /** The editor's code changed; it is kept in the browser until saved. */
  readonly setCode = (code: string): void => {
    const lesson = this.state.lesson;
    if (lesson) storedProgress.update(lesson.id, { code });
    this.set({ code, saveState: 'dirty' });
  };

  /** Sends the code (the editor's by default) to the session. */
  readonly save = async (code: string = this.state.code): Promise<SaveOutcome> => {
    const load = this.load;
    this.set({ saveState: 'saving' });
    try {
      await this.call((id) => this.api.putCode(id, code));
      if (load !== this.load) return { saved: false };
      this.set({ saveState: this.state.code === code ? 'saved' : 'dirty', compileProblem: undefined });
      return { saved: true };
    } catch (error) {
      if (load !== this.load) return { saved: false };
      if (error instanceof ApiError && error.compile) {
        this.set({ saveState: 'error', compileProblem: error.compile });
        return { saved: false, compileProblem: error.compile };
      }
      this.set({ saveState: 'error', compileProblem: undefined, notice: { code: 'message', message: messageOf(error) } });
      return { saved: false };
    }
  };

  /** Saves unless the server already runs the code on screen: Check and Send run what the learner sees. */
  readonly saveIfChanged = (): Promise<SaveOutcome> => (this.state.saveState === 'saved' ? Promise.resolve({ saved: true }) : this.save());

  /** Replaces the editor's code and saves it (Solve → apply, bring my code back). */
  readonly replaceCode = async (code: string): Promise<void> => {
    this.setCode(code);
    await this.save(code);
  };

  /** The lesson from the start: the starter code and the sample data. */
  readonly reset = async (): Promise<void> => {
    const lesson = this.state.lesson;
    if (!lesson) return;
    const load = this.load;
    storedProgress.clearCode(lesson.id);
    predictionProgress.clear(lesson.id);
    try {
      const fresh = await this.call((id) => this.api.resetSession(id));
      storedProgress.update(lesson.id, { sessionId: fresh.sessionId });
      if (load === this.load) this.set({ session: fresh, code: fresh.code, saveState: 'saved', compileProblem: undefined, starterChanged: false });
    } catch (error) {
      this.set({ notice: { code: 'message', message: messageOf(error) } });
    }
  };

  /**
   * The learner joined a class: the sessions of no class this page had are left (the code typed
   * into them stays in the browser and goes to the new one), and the lesson opens in the student's own.
   */
  readonly joinedClass = async (): Promise<void> => {
    storedProgress.forgetSessions();
    const lesson = this.state.lesson;
    if (lesson) await this.openLesson(lesson.id);
  };

  /** Shows a message for the learner to read once (it replaces the one shown). */
  readonly notify = (notice: Notice): void => this.set({ notice });

  readonly dismissNotice = (): void => this.set({ notice: undefined });
}

function notFoundAsUndefined(error: unknown): undefined {
  if (error instanceof ApiError && error.isNotFound) return undefined;
  throw error;
}

/** The session as the server has it now, 'gone' when it answers 404, undefined when it cannot tell. */
async function stillThere(api: Pick<Api, 'getSession'>, sessionId: string): Promise<SessionCreated | 'gone' | undefined> {
  try {
    return await api.getSession(sessionId);
  } catch (error) {
    return error instanceof ApiError && error.isNotFound ? 'gone' : undefined;
  }
}
