import type { Trace } from '../../../server/contract/trace.js';

/** Whether a request changed data, so the database panel is worth refetching. */
export const wroteToDatabase = (trace: Trace) => trace.steps.some((s) => s.kind === 'query' && (s.data.changes !== undefined || (s.data.method === 'run' && s.data.rowsAffected > 0)));
