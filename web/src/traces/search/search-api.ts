import { z } from 'zod';
import type { TraceSearch } from '../../../../server/contract/trace-search.js';
import { traceSummarySchema } from '../../../../server/contract/trace.js';
import { request } from '../../api/client.js';

const foundSchema = z.object({ traces: z.array(traceSummarySchema) });

/** The session's kept traces that match, newest first. */
export const searchTraces = (sessionId: string, search: TraceSearch) =>
  request(foundSchema, 'GET', `/api/sessions/${encodeURIComponent(sessionId)}/traces?${new URLSearchParams({ q: search.q, in: search.in })}`);
