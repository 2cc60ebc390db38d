import type { CompileProblem, SessionCreated } from '../../../server/contract/api.js';
import type { Lesson, LessonSummary } from '../../../server/contract/lesson.js';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'error';
export type SaveOutcome = { saved: true } | { saved: false; compileProblem?: CompileProblem };

/** Something the learner should read once; worded by the page, in the language shown at the time. */
export type Notice =
  /** The server had to make a new session: the code was sent again, the sample data is the lesson's. */
  | { code: 'session_renewed' }
  /** The server reopened the session from its store, and the last second of changes may not have been written. */
  | { code: 'changes_may_be_lost' }
  | { code: 'solution_unavailable' }
  | { code: 'message'; message: string };

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
