import { lazy, Suspense, useState } from 'react';
import type { TraceSummary } from '../../../server/contract/trace.js';
import { TraceList } from '../traces/TraceList.js';
import { useCompareWords } from './compare-words.js';
import { pickTrace } from './pick-traces.js';
import './trace-compare.css';

const TwoTracesDialog = lazy(() => import('./TwoTracesDialog.js'));
const SolutionCompareDialog = lazy(() => import('./SolutionCompareDialog.js'));

export interface TracesToCompareProps {
  sessionId?: string;
  traces: TraceSummary[];
  currentId?: string;
  onOpen: (id: string) => void;
}

/** The trace list with a checkbox on each request: tick two and compare them, or one the learner sent and compare it with the solution. */
export function TracesToCompare({ sessionId, traces, currentId, onOpen }: TracesToCompareProps) {
  const { w } = useCompareWords();
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState<readonly [string, string]>();
  const [withSolution, setWithSolution] = useState<string>();
  // A pick that left the list (only the newest traces are kept) is no longer ticked.
  const present = picked.filter((id) => traces.some((t) => t.id === id));
  // The older request is A, so the comparison reads as before → after.
  const ordered = [...present].sort((a, b) => traces.findIndex((t) => t.id === b) - traces.findIndex((t) => t.id === a));
  // Only a request the learner sent can go to the solution: a check's ran on other data.
  const sent = present.length === 1 ? traces.find((t) => t.id === present[0] && t.origin === 'learner') : undefined;
  return (
    <>
      {traces.length > 0 && (
        <div className="trace-compare" role="group" aria-label={w('compareRuns')}>
          <span data-testid="compare-picked">
            {w('pickTwo')} ({present.length}/2 {w('picked')})
          </span>
          <button type="button" className="small-button" disabled={ordered.length !== 2} onClick={() => setComparing([ordered[0]!, ordered[1]!])} data-testid="compare-button">
            ⇄ {w('compare')}
          </button>
          <button type="button" className="small-button" disabled={!sent} onClick={() => sent && setWithSolution(sent.id)} data-testid="compare-solution-button">
            ⇄ {w('compareWithSolution')}
          </button>
        </div>
      )}
      <TraceList traces={traces} currentId={currentId} onOpen={onOpen} pick={{ picked: present, onToggle: (id) => setPicked((old) => pickTrace(old, id)), label: w('compareThis') }} />
      {withSolution && sessionId && (
        <Suspense fallback={null}>
          <SolutionCompareDialog sessionId={sessionId} traceId={withSolution} onClose={() => setWithSolution(undefined)} />
        </Suspense>
      )}
      {comparing && sessionId && (
        <Suspense fallback={null}>
          <TwoTracesDialog sessionId={sessionId} ids={comparing} traces={traces} onClose={() => setComparing(undefined)} />
        </Suspense>
      )}
    </>
  );
}
