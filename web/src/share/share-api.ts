import { sharedTraceSchema, shareCreatedSchema } from '../../../server/contract/share.js';
import { request } from '../api/client.js';

const enc = encodeURIComponent;

export const shareApi = {
  /** A read-only link to one of the session's traces (the same link each time for the same trace). */
  share: (sessionId: string, traceId: string) => request(shareCreatedSchema, 'POST', `/api/sessions/${enc(sessionId)}/traces/${enc(traceId)}/share`),
  shared: (shareId: string) => request(sharedTraceSchema, 'GET', `/api/shares/${enc(shareId)}`),
};

/** Where a trace downloads as OTLP JSON: from the session, or from a share link. */
export const otlpUrl = {
  session: (sessionId: string, traceId: string) => `/api/sessions/${enc(sessionId)}/traces/${enc(traceId)}.otlp.json`,
  shared: (shareId: string) => `/api/shares/${enc(shareId)}.otlp.json`,
};

/** The share id of a `/share/<id>` page, if this is one. */
export const shareIdInPath = (path: string): string | undefined => /^\/share\/([A-Za-z0-9_-]{22})\/?$/.exec(path)?.[1];
