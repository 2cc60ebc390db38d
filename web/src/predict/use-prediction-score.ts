import { useEffect, useMemo } from 'react';
import type { PredictionCount } from '../../../server/contract/classes.js';
import type { Trace } from '../../../server/contract/trace.js';
import { predictionStore, usePrediction } from './prediction-store.js';
import { answersRight, scorePrediction, type Score } from './score.js';

/**
 * The score of the learner's prediction on the open trace, if it was made for it. A waiting
 * prediction takes the first trace to open after it (the one its request made), and the flow is
 * played from the start (`play`) so the learner watches what they predicted; its answers are
 * counted (`onScored`) then, once.
 */
export function usePredictionScore(trace: Trace | undefined, play: () => void, onScored: (answers: PredictionCount) => void): Score | undefined {
  const state = usePrediction();
  const traceId = trace?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a newly opened trace answers a waiting prediction
  useEffect(() => {
    const waiting = predictionStore.get();
    if (trace?.origin !== 'learner' || !waiting || waiting.traceId) return;
    predictionStore.bind(trace.id);
    onScored(answersRight(scorePrediction(waiting.prediction, trace.steps, trace.status)));
    play();
  }, [traceId]);
  return useMemo(() => (trace && state?.traceId === trace.id ? scorePrediction(state.prediction, trace.steps, trace.status) : undefined), [trace, state]);
}
