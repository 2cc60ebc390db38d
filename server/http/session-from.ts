import type { Request } from 'express';
import { sessionIdSchema } from '../contract/api.js';
import type { Session, SessionStore } from '../sessions/session-store.js';
import { HttpError } from '../http-error.js';

/** The session a route's `:id` names, or 404 for an id that cannot be one. */
export function sessionFrom(sessions: SessionStore, req: Request): Session {
  const id = String(req.params.id);
  if (!sessionIdSchema.safeParse(id).success) throw new HttpError(404, 'no such session: the id in the URL is not a session id');
  return sessions.get(id);
}
