import type { CompileProblem, SessionCreated } from '../../../server/contract/api.js';
import type { Lesson, LessonSummary } from '../../../server/contract/lesson.js';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'error';
export type SaveOutcome = { saved: true } | { saved: false; compileProblem?: CompileProblem };

/** Something the learner should read once; worded by the page, in the language shown at the time. */
export type Notice = { code: 'session_renewed' } | { code: 'solution_unavailable' } | { code: 'message'; message: string };

export interface SessionState {
  lessons: LessonSummary[];
  lesson?: Lesson;
  session?: SessionCreated;
  /** The code in the editor (saved or not). */
  code: string;
  saveState: SaveState;
  compileProblem?: CompileProblem;
  /** What is wrong with the lesson's files right now (dev reload); the last good version is shown meanwhile. */
  lessonProblems: string[];
  /** The lesson's starter changed since this session began: the learner may take the new one. */
  starterChanged: boolean;
  notice?: Notice;
  /** The lesson could not be opened (or the lesson list not read). */
  error?: string;
}

export const initialSessionState: SessionState = { lessons: [], code: '', saveState: 'saved', lessonProblems: [], starterChanged: false };
