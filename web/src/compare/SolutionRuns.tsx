import { useEffect, useState } from 'react';
import type { SolutionComparison } from '../../../server/contract/trace.js';
import { CompareView } from './CompareView.js';
import { useCompareWords } from './compare-words.js';

/** The learner's request beside the solution's run of it, asked for once when shown. */
export function SolutionRuns({ compare, intro }: { compare?: () => Promise<SolutionComparison>; intro?: string }) {
  const { w } = useCompareWords();
  const [result, setResult] = useState<SolutionComparison | { error: string }>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: asked once per request compared (the dialog keys this by the request); `compare` is a new function each render
  useEffect(() => {
    if (!compare) return;
    let stale = false;
    compare().then(
      (comparison) => !stale && setResult(comparison),
      (error: Error) => !stale && setResult({ error: error.message }),
    );
    return () => {
      stale = true;
    };
  }, []);
  if (!compare) return <p>{w('sendFirst')}</p>;
  return (
    <>
      <p className="muted">{intro ?? w('solutionIntro')}</p>
      {!result && <p role="status">{w('comparing')}</p>}
      {result && 'error' in result && (
        <p className="error-text" role="alert">
          ⚠ {w('compareFailed')} {result.error}
        </p>
      )}
      {result && 'learner' in result && <CompareView left={result.learner} right={result.solution} leftLabel={w('yourRun')} rightLabel={w('solutionRun')} />}
    </>
  );
}
