import express, { type Request, type Router } from 'express';
import { shareIdSchema, type ShareCreated } from '../contract/share.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { TraceShares } from '../sessions/trace-shares.js';
import { traceToOtlp } from '../trace/otlp.js';
import { HttpError } from '../http-error.js';
import { sessionFrom } from './control-routes.js';
import { sharePageGone } from './share-page-gone.js';

const shareIdOf = (req: Request) => {
  const id = String(req.params.shareId);
  if (!shareIdSchema.safeParse(id).success) throw new HttpError(404, 'no such shared trace: the id in the URL is not a share id');
  return id;
};

/**
 * Share links: made with the session's id (as every write is), read with the link's own id only.
 * What a link answers is one trace and its tables, never the session: `/api/shares/:shareId` holds
 * no route to anything else, and nothing under `/api/sessions/` accepts a share id.
 */
export function shareRouter(sessions: SessionStore, shares: TraceShares): Router {
  const router = express.Router();

  router.post('/api/sessions/:id/traces/:traceId/share', async (req, res) => {
    const session = sessionFrom(sessions, req);
    const stored = session.traces.find((t) => t.summary.id === req.params.traceId);
    if (!stored) throw new HttpError(404, 'no such trace: only the newest traces of a session are kept');
    const { shareId } = await shares.share(session, stored);
    res.status(201).json({ shareId, path: `/share/${shareId}` } satisfies ShareCreated);
  });

  // Before the plain route, which would otherwise take `<id>.otlp.json` for a share id.
  router.get('/api/shares/:shareId.otlp.json', (req, res) => {
    res.json(traceToOtlp(shares.find(shareIdOf(req)).trace));
  });

  router.get('/api/shares/:shareId', (req, res) => {
    res.set('Cache-Control', 'no-store').json(shares.find(shareIdOf(req)));
  });

  // The page: the app opens a live link; an expired or unknown one gets a page saying so, with its status.
  router.get('/share/:shareId', (req, res, next) => {
    const id = String(req.params.shareId);
    const state = shareIdSchema.safeParse(id).success ? shares.state(id) : 'unknown';
    if (state === 'live') return next();
    res
      .status(state === 'expired' ? 410 : 404)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(sharePageGone(state, req.get('Accept-Language')));
  });

  return router;
}
