import { api } from '../api/client.js';
import { CompareDialog } from './CompareDialog.js';
import { useCompareWords } from './compare-words.js';
import { SolutionRuns } from './SolutionRuns.js';

/** One request the learner ticked in the traces list, beside the solution's run of it. */
export default function SolutionCompareDialog({ sessionId, traceId, onClose }: { sessionId: string; traceId: string; onClose: () => void }) {
  const { w } = useCompareWords();
  return (
    <CompareDialog title={w('compareWithSolution')} onClose={onClose}>
      <SolutionRuns compare={() => api.compareWithSolution(sessionId, traceId)} intro={w('solutionIntroPicked')} />
    </CompareDialog>
  );
}
