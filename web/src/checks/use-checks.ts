import { useCallback, useState } from 'react';
import type { CheckReport } from '../../../server/contract/checks.js';
import { ApiError } from '../api/api-error.js';
import { api } from '../api/client.js';

/** `code` is the learner's code the report was run against, to tell when it is out of date. */
export type ChecksState = { status: 'idle' } | { status: 'running' } | { status: 'done'; report: CheckReport; code: string } | { status: 'unavailable' } | { status: 'failed'; message: string };

/** Runs the lesson's checks; a server without the checks endpoint answers 404 → "unavailable". */
export function useChecks(withSession: <T>(call: (id: string) => Promise<T>) => Promise<T>) {
  const [state, setState] = useState<ChecksState>({ status: 'idle' });
  const run = useCallback(async (code: string) => {
    setState({ status: 'running' });
    try {
      setState({ status: 'done', report: await withSession((id) => api.checks(id)), code });
    } catch (error) {
      setState(error instanceof ApiError && error.isNotFound ? { status: 'unavailable' } : { status: 'failed', message: (error as Error).message });
    }
  }, [withSession]);
  return { state, run, clear: () => setState({ status: 'idle' }) };
}
