import express, { type Router } from 'express';
import { traceSearchSchema, traceMatches } from '../contract/trace-search.js';
import type { Trace } from '../contract/trace.js';
import type { SessionStore } from '../sessions/session-store.js';
import { parseBody, sessionFrom } from './control-routes.js';

/**
 * `GET /api/sessions/:id/traces?q=…&in=sql|path|status|param|any`: the kept traces whose steps
 * match, newest first, as summaries. Searching needs the steps, which only the server holds for
 * every kept trace; without `q` or `in` the plain list answers.
 */
export function traceSearchRouter(sessions: SessionStore): Router {
  const router = express.Router();
  router.get('/api/sessions/:id/traces', (req, res, next) => {
    if (!('q' in req.query) && !('in' in req.query)) return next();
    const session = sessionFrom(sessions, req);
    const search = parseBody(traceSearchSchema, req.query);
    // The JSON is Gudang's own, written from a checked trace.
    const traces = session.traces.filter((stored) => traceMatches(JSON.parse(stored.json) as Trace, search)).map((stored) => stored.summary);
    res.json({ traces });
  });
  return router;
}
