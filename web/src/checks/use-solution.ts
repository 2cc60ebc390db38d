import { api } from '../api/client.js';
import { useSession } from '../session/use-session.js';
import type { SolutionControlsProps } from './SolutionControls.js';

/** Solve's wiring to the session: the solution from the server, swapping the code, and a notice when there is none. */
export function useSolution(): Omit<SolutionControlsProps, 'learnerTraceId'> {
  const [state, client] = useSession();
  return {
    code: state.code,
    disabled: !state.session,
    loadSolution: () => client.call((id) => api.solution(id)),
    compareWithSolution: (traceId) => client.call((id) => api.compareWithSolution(id, traceId)),
    replaceCode: client.replaceCode,
    onUnavailable: () => client.notify({ code: 'solution_unavailable' }),
  };
}
