import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionCreated } from '../../../server/contract/api.js';
import type { Lesson } from '../../../server/contract/lesson.js';
import { ApiError } from '../../../web/src/api/api-error.js';
import type { EventStream } from '../../../web/src/session/event-streams.js';
import { SessionClient, type SessionClientOptions } from '../../../web/src/session/session-client.js';

const lesson = (id: string): Lesson => ({
  id,
  order: 1,
  title: { en: id, id },
  text: { en: 'text', id: 'teks' },
  starterCode: `// ${id}`,
  suggestedRequests: [],
  services: [],
  hints: [],
  walkthrough: false,
});

/** What the server would do, in memory: sessions come and go as a test says. */
class FakeServer {
  readonly sessions = new Map<string, SessionCreated>();
  readonly calls: string[] = [];
  /** Lesson loads wait here when a test holds them back. */
  readonly heldLessons = new Map<string, () => void>();
  holdLessons = false;
  private next = 0;

  private newId() {
    return `session${String(this.next++).padStart(15, '0')}`;
  }

  forget(id: string) {
    this.sessions.delete(id);
  }

  private session(id: string) {
    const found = this.sessions.get(id);
    if (!found) throw new ApiError(404, 'unknown session');
    return found;
  }

  readonly api: NonNullable<SessionClientOptions['api']> = {
    lessons: async () => ({
      lessons: [
        { id: 'b', order: 2, title: { en: 'B', id: 'B' } },
        { id: 'a', order: 1, title: { en: 'A', id: 'A' } },
      ],
      problems: [],
    }),
    lesson: async (id) => {
      this.calls.push(`lesson ${id}`);
      if (this.holdLessons) await new Promise<void>((release) => this.heldLessons.set(id, release));
      return lesson(id);
    },
    createSession: async (lessonId) => {
      this.calls.push(`create ${lessonId}`);
      const id = this.newId();
      const created = { sessionId: id, sandboxUrl: `http://server/sandbox/${id}`, lessonId, code: lesson(lessonId).starterCode };
      this.sessions.set(id, created);
      return created;
    },
    getSession: async (id) => {
      this.calls.push(`get ${id}`);
      return this.session(id);
    },
    putCode: async (id, code) => {
      this.calls.push(`put ${id} ${code}`);
      if (code.includes('syntax error')) throw new ApiError(400, 'does not compile', { message: 'Expected ;', line: 1, column: 8 });
      this.session(id).code = code;
      return { ok: true as const, code };
    },
    resetSession: async (id) => {
      this.calls.push(`reset ${id}`);
      const session = this.session(id);
      session.code = lesson(session.lessonId).starterCode;
      return session;
    },
  };
}

class FakeStream implements EventStream {
  readyState = 1;
  onerror: ((event: Event) => void) | null = null;
  readonly listeners: [string, (event: Event) => void][] = [];
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.push([type, listener]);
  }
  /** What EventSource does when it reconnects after an error. */
  reconnect() {
    this.onerror?.(new Event('error'));
    for (const [type, listener] of this.listeners) if (type === 'open') listener(new Event('open'));
  }
  close() {
    this.readyState = 2;
  }
}

let server: FakeServer;
let streams: FakeStream[];
let sandboxHits: string[];
const sandboxFetch: typeof fetch = async (input) => {
  const url = String(input);
  sandboxHits.push(url);
  const id = /\/sandbox\/([^/]+)/.exec(url)![1]!;
  return new Response(server.sessions.has(id) ? 'hello' : 'unknown session', { status: server.sessions.has(id) ? 200 : 404 });
};
const client = () =>
  new SessionClient({
    api: server.api,
    fetch: sandboxFetch,
    origin: 'http://page',
    openEvents: (url) => {
      const stream = new FakeStream(url);
      streams.push(stream);
      return stream;
    },
  });

beforeEach(() => {
  localStorage.clear();
  server = new FakeServer();
  streams = [];
  sandboxHits = [];
});

describe('the session client', () => {
  it('opens the first lesson with a new session, which replays its trace stream from the start', async () => {
    const c = client();
    await c.start();
    const state = c.getState();
    expect(state.lessons.map((l) => l.id)).toEqual(['a', 'b']);
    expect(state.lesson?.id).toBe('a');
    expect(state.session?.lessonId).toBe('a');
    expect(state).toMatchObject({ code: '// a', saveState: 'saved' });
    c.traceEvents(state.session!.sessionId, () => undefined);
    expect(streams.at(-1)!.url).toBe(`/api/sessions/${state.session!.sessionId}/events?after=`);
  });

  it('takes back the session from before on page load, and its stream starts from now', async () => {
    const first = client();
    await first.start();
    const id = first.getState().session!.sessionId;
    first.setCode('// mine');

    const again = client();
    await again.start();
    expect(again.getState().session?.sessionId).toBe(id);
    expect(again.getState()).toMatchObject({ code: '// mine', saveState: 'dirty' });
    expect(server.calls.filter((c) => c.startsWith('create'))).toHaveLength(1);
    again.traceEvents(id, () => undefined);
    expect(streams.at(-1)!.url).toBe(`/api/sessions/${id}/events`);
  });

  describe('a session the server reopened from its store', () => {
    it('says that the last second may be missing only when a write was still waiting, and once', async () => {
      const first = client();
      await first.start();
      const id = first.getState().session!.sessionId;
      server.sessions.get(id)!.restored = { savedAt: 1_000, recentChangesMayBeLost: false };
      const quiet = client();
      await quiet.start();
      expect(quiet.getState().session?.sessionId).toBe(id);
      expect(quiet.getState().notice).toBeUndefined();

      server.sessions.get(id)!.restored = { savedAt: 2_000, recentChangesMayBeLost: true };
      const told = client();
      await told.start();
      expect(told.getState().notice).toEqual({ code: 'changes_may_be_lost' });
      told.dismissNotice();
      // The same reopening again (the trace stream reconnects): not said twice.
      told.traceEvents(id, () => undefined);
      streams.at(-1)!.reconnect();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(told.getState().notice).toBeUndefined();
      expect(server.calls.filter((c) => c.startsWith('create'))).toHaveLength(1);
    });

    it('tells it when the trace stream reconnects to a server that reopened the session meanwhile', async () => {
      const c = client();
      await c.start();
      const id = c.getState().session!.sessionId;
      c.traceEvents(id, () => undefined);
      streams.at(-1)!.reconnect();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(c.getState().notice).toBeUndefined();
      server.sessions.get(id)!.restored = { savedAt: 3_000, recentChangesMayBeLost: true };
      streams.at(-1)!.reconnect();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(c.getState()).toMatchObject({ notice: { code: 'changes_may_be_lost' }, session: { sessionId: id } });
    });
  });

  it('drops the answer of a lesson load that a later one superseded', async () => {
    const c = client();
    await c.start();
    server.holdLessons = true;
    const slow = c.openLesson('a');
    const quick = c.openLesson('b');
    server.heldLessons.get('b')!();
    await quick;
    server.heldLessons.get('a')!();
    await slow;
    expect(c.getState().lesson?.id).toBe('b');
    expect(c.getState().session?.lessonId).toBe('b');
    expect(c.getState().code).toBe('// b');
  });

  describe('renewing a session the server forgot', () => {
    it('renews it once for any number of callers, re-sends the stored code and says so', async () => {
      const c = client();
      await c.start();
      c.setCode('// my code');
      const lost = c.getState().session!.sessionId;
      server.forget(lost);

      const answers = await Promise.all([c.call((id) => server.api.getSession(id)), c.call((id) => server.api.getSession(id)), c.sandboxFetch('/hello').then((r) => r.text())]);
      const fresh = c.getState().session!;
      expect(fresh.sessionId).not.toBe(lost);
      expect(answers.slice(0, 2).map((s) => (s as SessionCreated).sessionId)).toEqual([fresh.sessionId, fresh.sessionId]);
      expect(answers[2]).toBe('hello');
      expect(server.calls.filter((call) => call.startsWith('create'))).toHaveLength(2);
      expect(server.sessions.get(fresh.sessionId)?.code).toBe('// my code');
      expect(c.getState()).toMatchObject({ code: '// my code', saveState: 'saved', notice: { code: 'session_renewed' } });
      expect(sandboxHits).toEqual([`http://page/sandbox/${lost}/hello`, `http://page/sandbox/${fresh.sessionId}/hello`]);

      // The new session's stream replays from the start; a late caller with the lost id is not renewed again.
      c.traceEvents(fresh.sessionId, () => undefined);
      expect(streams.at(-1)!.url).toContain('?after=');
      expect((await c.recover(lost))?.sessionId).toBe(fresh.sessionId);
      expect(server.calls.filter((call) => call.startsWith('create'))).toHaveLength(2);
    });

    it('renews when the trace stream is closed for good', async () => {
      const c = client();
      await c.start();
      const lost = c.getState().session!.sessionId;
      c.traceEvents(lost, () => undefined);
      server.forget(lost);
      const stream = streams.at(-1)!;
      stream.close();
      stream.onerror?.(new Event('error'));
      // The stream's recovery is the one any caller meeting the loss now shares.
      const fresh = await c.recover(lost);
      expect(fresh?.sessionId).not.toBe(lost);
      expect(c.getState().session?.sessionId).toBe(fresh?.sessionId);
      expect(server.calls.filter((call) => call.startsWith('create'))).toHaveLength(2);
    });

    it('keeps the session when only an endpoint or the learner’s route answered 404', async () => {
      const c = client();
      await c.start();
      const id = c.getState().session!.sessionId;
      const missing = new ApiError(404, 'no such endpoint');
      await expect(
        c.call(async () => {
          throw missing;
        }),
      ).rejects.toBe(missing);
      expect(c.getState().session?.sessionId).toBe(id);
      expect(server.calls.filter((call) => call.startsWith('create'))).toHaveLength(1);
    });
  });

  describe('saving', () => {
    it('saves the code on screen, and an edit made meanwhile stays unsaved', async () => {
      const c = client();
      await c.start();
      const id = c.getState().session!.sessionId;
      c.setCode('// one');
      const saving = c.save();
      expect(c.getState().saveState).toBe('saving');
      c.setCode('// two');
      expect(await saving).toEqual({ saved: true });
      expect(server.sessions.get(id)?.code).toBe('// one');
      expect(c.getState().saveState).toBe('dirty');
      expect(await c.saveIfChanged()).toEqual({ saved: true });
      expect(c.getState().saveState).toBe('saved');
      const puts = server.calls.filter((call) => call.startsWith('put')).length;
      await c.saveIfChanged();
      expect(server.calls.filter((call) => call.startsWith('put'))).toHaveLength(puts);
    });

    it('reports code that does not compile with its place', async () => {
      const c = client();
      await c.start();
      c.setCode('const x syntax error');
      expect(await c.save()).toEqual({ saved: false, compileProblem: { message: 'Expected ;', line: 1, column: 8 } });
      expect(c.getState()).toMatchObject({ saveState: 'error', compileProblem: { line: 1 } });
    });

    it('resets to the starter code and forgets the stored code', async () => {
      const c = client();
      await c.start();
      await c.replaceCode('// replaced');
      await c.reset();
      expect(c.getState()).toMatchObject({ code: '// a', saveState: 'saved' });
      const again = client();
      await again.start();
      expect(again.getState().code).toBe('// a');
    });
  });
});
