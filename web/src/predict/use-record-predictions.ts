import { useCallback } from 'react';
import type { PredictionCount } from '../../../server/contract/classes.js';
import { api } from '../api/client.js';
import { useSession } from '../session/use-session.js';
import { predictionProgress } from './prediction-progress.js';

/**
 * Where answers given in predict mode go: the lesson's count in this browser (the lesson list), and
 * the server, which keeps a class student's for the teacher's table (and nobody else's).
 */
export function useRecordPredictions(lessonId: string | undefined): (answers: PredictionCount) => void {
  const [, client] = useSession();
  return useCallback(
    (answers: PredictionCount) => {
      if (!lessonId || answers.total === 0) return;
      predictionProgress.add(lessonId, answers);
      // Losing one count to a network hiccup is not worth bothering the learner about.
      void client.call((id) => api.predictions(id, answers)).catch(() => {});
    },
    [lessonId, client],
  );
}
