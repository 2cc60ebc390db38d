import { useCallback } from 'react';
import type { CompileProblem } from '../../../server/contract/api.js';
import type { CheckReport } from '../../../server/contract/checks.js';
import { ApiError } from '../api/api-error.js';
import { api } from '../api/client.js';
import { useKeyedState } from '../app/use-keyed-state.js';
import { useSession } from '../session/use-session.js';

/** `code` is the learner's code the report was run against, to tell when it is out of date. */
export type ChecksState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; report: CheckReport; code: string }
  | { status: 'unavailable' }
  | { status: 'failed'; message: string }
  | { status: 'not_compiled'; problem: CompileProblem };

const idle = (): ChecksState => ({ status: 'idle' });

/**
 * Runs lesson `lessonId`'s checks on the code on screen: it is saved first, and code that does not
 * compile is refused with its error instead of checking the last saved code. A server without the
 * checks endpoint answers 404 → "unavailable". Another lesson starts with no report.
 */
export function useChecks(lessonId: string | undefined) {
  const [, client] = useSession();
  const [state, setState] = useKeyedState(lessonId, idle);
  const run = useCallback(async () => {
    const { code } = client.getState();
    setState({ status: 'running' });
    try {
      const saved = await client.saveIfChanged();
      if (!saved.saved) {
        setState(saved.compileProblem ? { status: 'not_compiled', problem: saved.compileProblem } : idle());
        return;
      }
      setState({ status: 'done', report: await client.call((id) => api.checks(id)), code });
    } catch (error) {
      setState(error instanceof ApiError && error.isNotFound ? { status: 'unavailable' } : { status: 'failed', message: (error as Error).message });
    }
  }, [client, setState]);
  return { state, run };
}
