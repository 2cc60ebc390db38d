import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompileProblem, SessionCreated } from '../../../server/contract/api.js';
import type { Lesson, LessonSummary } from '../../../server/contract/lesson.js';
import { ApiError } from '../api/api-error.js';
import { api } from '../api/client.js';
import { useLessonChanges } from '../lesson/use-lesson-changes.js';
import { storedLessonId, storedProgress } from './stored-state.js';

/** A 404 may be a missing endpoint or a missing session: only the latter is worth a new session. */
async function isGone(sessionId: string): Promise<boolean> {
  try {
    await api.getSession(sessionId);
    return false;
  } catch (error) {
    return error instanceof ApiError && error.isNotFound;
  }
}

export type SaveState = 'saved' | 'dirty' | 'saving' | 'error';
export type SaveOutcome = { saved: true } | { saved: false; compileProblem?: CompileProblem };

export interface SessionState {
  lessons: LessonSummary[];
  lesson?: Lesson;
  session?: SessionCreated;
  /** This page made the session just now: its trace stream starts from its first trace, so none is missed. */
  sessionIsNew: boolean;
  /** The code in the editor (saved or not). */
  code: string;
  saveState: SaveState;
  compileProblem?: CompileProblem;
  /** What is wrong with the lesson's files right now (dev reload); the last good version is shown meanwhile. */
  lessonProblems: string[];
  /** The lesson's starter changed since this session began: the learner may take the new one. */
  starterChanged: boolean;
  /** A message the learner should read once (the session was replaced, the server is down…). */
  notice?: string;
  error?: string;
}

/**
 * One learner's lesson and sandbox session. The session lives on the server and may vanish
 * (idle expiry, restart): any call that meets a 404 starts a new session and re-sends the code.
 */
export function useSession(renewedNotice: string) {
  const [state, setState] = useState<SessionState>({ lessons: [], sessionIsNew: false, code: '', saveState: 'saved', lessonProblems: [], starterChanged: false });
  const stateRef = useRef(state);
  stateRef.current = state;
  // Read when a session is renewed, so switching the language does not reopen the lesson (which
  // dropped the shown trace and response).
  const renewedNoticeRef = useRef(renewedNotice);
  renewedNoticeRef.current = renewedNotice;
  const renewing = useRef<Promise<SessionCreated> | null>(null);
  const patch = useCallback((change: Partial<SessionState>) => setState((s) => ({ ...s, ...change })), []);

  /** A new session for the lesson, with the learner's stored code sent to it. */
  const startSession = useCallback(async (lessonId: string, notice?: string): Promise<SessionCreated> => {
    const created = await api.createSession(lessonId);
    storedProgress.update(lessonId, { sessionId: created.sessionId });
    const code = storedProgress.get(lessonId).code;
    let compileProblem: CompileProblem | undefined;
    if (code !== undefined && code !== created.code) {
      try {
        await api.putCode(created.sessionId, code);
      } catch (error) {
        if (!(error instanceof ApiError) || !error.compile) throw error;
        compileProblem = error.compile;
      }
    }
    setState((s) => ({ ...s, session: created, sessionIsNew: true, code: code ?? created.code, saveState: compileProblem ? 'error' : 'saved', compileProblem, ...(notice ? { notice } : {}) }));
    return created;
  }, []);

  /** Called when the server says it no longer knows the session; concurrent callers share one renewal. */
  const renew = useCallback((): Promise<SessionCreated> => {
    const lessonId = stateRef.current.lesson?.id;
    if (!lessonId) return Promise.reject(new Error('no lesson'));
    renewing.current ??= startSession(lessonId, renewedNoticeRef.current).finally(() => {
      renewing.current = null;
    });
    return renewing.current;
  }, [startSession]);

  /** Runs a call against the current session, renewing it once if the server has forgotten it. */
  const withSession = useCallback(
    async <T,>(call: (sessionId: string) => Promise<T>): Promise<T> => {
      const session = stateRef.current.session ?? (await renewing.current);
      if (!session) throw new Error('no session yet');
      try {
        return await call(session.sessionId);
      } catch (error) {
        if (!(error instanceof ApiError) || !error.isNotFound || !(await isGone(session.sessionId))) throw error;
        const fresh = await renew();
        return call(fresh.sessionId);
      }
    },
    [renew],
  );

  const openLesson = useCallback(
    async (lessonId: string) => {
      storedLessonId.set(lessonId);
      patch({ lesson: undefined, session: undefined, compileProblem: undefined, error: undefined, lessonProblems: [], starterChanged: false });
      try {
        const lesson = await api.lesson(lessonId);
        patch({ lesson });
        const progress = storedProgress.get(lessonId);
        if (progress.sessionId) {
          try {
            const existing = await api.getSession(progress.sessionId);
            const code = progress.code ?? existing.code;
            patch({ session: existing, sessionIsNew: false, code, saveState: code === existing.code ? 'saved' : 'dirty' });
            return;
          } catch (error) {
            if (!(error instanceof ApiError) || !error.isNotFound) throw error;
            await startSession(lessonId, progress.code !== undefined ? renewedNoticeRef.current : undefined);
            return;
          }
        }
        await startSession(lessonId);
      } catch (error) {
        patch({ error: (error as Error).message });
      }
    },
    [patch, startSession],
  );

  useEffect(() => {
    let cancelled = false;
    api
      .lessons()
      .then(({ lessons }) => {
        if (cancelled) return;
        const sorted = [...lessons].sort((a, b) => a.order - b.order);
        patch({ lessons: sorted });
        const remembered = storedLessonId.get();
        const first = sorted.find((l) => l.id === remembered) ?? sorted[0];
        if (first) void openLesson(first.id);
      })
      .catch((error: Error) => patch({ error: error.message }));
    return () => {
      cancelled = true;
    };
  }, [openLesson, patch]);

  // In dev mode the server announces edited lesson files; elsewhere the stream stays quiet.
  useLessonChanges(state.lesson?.id, ({ id, problems }) => {
    patch({ lessonProblems: problems });
    api.lesson(id).then(
      (lesson) => setState((s) => (s.lesson?.id !== id ? s : { ...s, lesson, starterChanged: s.starterChanged || s.lesson.starterCode !== lesson.starterCode })),
      () => undefined,
    );
  });

  const setCode = useCallback(
    (code: string) => {
      const lesson = stateRef.current.lesson;
      if (lesson) storedProgress.update(lesson.id, { code });
      patch({ code, saveState: 'dirty' });
    },
    [patch],
  );

  /**
   * Sends the code to the session. Without an argument it sends the state's code, which is one render
   * behind an edit made just now: callers that know the newest code (the editor, replaceCode) pass it.
   */
  const save = useCallback(async (code: string = stateRef.current.code): Promise<SaveOutcome> => {
    patch({ saveState: 'saving' });
    try {
      await withSession((id) => api.putCode(id, code));
      setState((s) => ({ ...s, saveState: s.code === code ? 'saved' : 'dirty', compileProblem: undefined }));
      return { saved: true };
    } catch (error) {
      if (error instanceof ApiError && error.compile) {
        patch({ saveState: 'error', compileProblem: error.compile });
        return { saved: false, compileProblem: error.compile };
      }
      patch({ saveState: 'error', compileProblem: undefined, notice: (error as Error).message });
      return { saved: false };
    }
  }, [patch, withSession]);

  /** Saves unless the server already runs the code on screen: Check and Send run what the learner sees. */
  const saveIfChanged = useCallback(
    (): Promise<SaveOutcome> => (stateRef.current.saveState === 'saved' ? Promise.resolve({ saved: true }) : save()),
    [save],
  );

  const reset = useCallback(async () => {
    const lesson = stateRef.current.lesson;
    if (!lesson) return;
    storedProgress.clearCode(lesson.id);
    try {
      const fresh = await withSession((id) => api.resetSession(id));
      storedProgress.update(lesson.id, { sessionId: fresh.sessionId });
      patch({ session: fresh, code: fresh.code, saveState: 'saved', compileProblem: undefined, starterChanged: false });
    } catch (error) {
      patch({ notice: (error as Error).message });
    }
  }, [patch, withSession]);

  /** Replaces the editor's code and saves it (Solve → apply, bring my code back). */
  const replaceCode = useCallback(
    async (code: string) => {
      setCode(code);
      await save(code);
    },
    [save, setCode],
  );

  return { state, openLesson, setCode, save, saveIfChanged, reset, replaceCode, withSession, renew, dismissNotice: () => patch({ notice: undefined }) };
}
