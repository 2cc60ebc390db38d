import type { NextFunction, Request, Response } from 'express';
import type { ClassService } from '../classes/class-service.js';
import type { SessionStore } from '../sessions/session-store.js';
import { readCookie, STUDENT_COOKIE } from './cookies.js';
import { HttpError } from '../http-error.js';

const SESSION_PATH = /^\/(api\/sessions|sandbox)\/([A-Za-z0-9_-]{22})(?:\/|$)/;

/**
 * Before any route that names a session: opens it (from the store when this instance does not
 * have it: after a restart, or behind nginx when the instance that had it died), and lets a class
 * student's session answer the control API only with that student's cookie; and tells
 * POST /api/sessions which student (if any) is asking. The learner's own app
 * under /sandbox/<id> answers whoever has its URL, like a deployed backend (and curl).
 */
export function sessionAccess(sessions: SessionStore, classes: ClassService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && req.path === '/api/sessions') {
      // A class student's new session is theirs (and their earlier one on the lesson comes back).
      res.locals.studentId = (await classes.student(readCookie(req, STUDENT_COOKIE)))?.id ?? null;
      return next();
    }
    const match = SESSION_PATH.exec(req.path);
    if (!match) return next();
    const session = await sessions.open(match[2]!);
    if (match[1] === 'api/sessions' && session.studentId) {
      const student = await classes.student(readCookie(req, STUDENT_COOKIE));
      if (student?.id !== session.studentId) throw new HttpError(403, "this session is a class student's work: only that student's browser may open it");
    }
    next();
  };
}
