import { useCallback, useState } from 'react';
import type { CompileProblem } from '../../../server/contract/api.js';
import type { CheckReport } from '../../../server/contract/checks.js';
import { ApiError } from '../api/api-error.js';
import { api } from '../api/client.js';
import type { SessionCall } from '../session/session-client.js';
import type { SaveOutcome } from '../session/session-state.js';

/** `code` is the learner's code the report was run against, to tell when it is out of date. */
export type ChecksState = { status: 'idle' } | { status: 'running' } | { status: 'done'; report: CheckReport; code: string } | { status: 'unavailable' } | { status: 'failed'; message: string } | { status: 'not_compiled'; problem: CompileProblem };

/**
 * Runs the lesson's checks on the code on screen: `saveFirst` sends it to the session, and code
 * that does not compile is refused with its error instead of checking the last saved code.
 * A server without the checks endpoint answers 404 → "unavailable".
 */
export function useChecks(withSession: SessionCall, saveFirst: () => Promise<SaveOutcome>) {
  const [state, setState] = useState<ChecksState>({ status: 'idle' });
  const run = useCallback(async (code: string) => {
    setState({ status: 'running' });
    try {
      const saved = await saveFirst();
      if (!saved.saved) {
        setState(saved.compileProblem ? { status: 'not_compiled', problem: saved.compileProblem } : { status: 'idle' });
        return;
      }
      setState({ status: 'done', report: await withSession((id) => api.checks(id)), code });
    } catch (error) {
      setState(error instanceof ApiError && error.isNotFound ? { status: 'unavailable' } : { status: 'failed', message: (error as Error).message });
    }
  }, [withSession, saveFirst]);
  return { state, run, clear: () => setState({ status: 'idle' }) };
}
