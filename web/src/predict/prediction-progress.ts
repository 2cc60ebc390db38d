import { useSyncExternalStore } from 'react';
import { storedProgress } from '../app/stored-state.js';

export interface PredictionCount {
  right: number;
  total: number;
}

const listeners = new Set<() => void>();
/** Bumped on every change: what the lesson list re-reads its counts on. */
let version = 0;
const changed = () => {
  version++;
  for (const listener of listeners) listener();
};

/** Per lesson, how many of the learner's predictions were right, kept with the lesson's progress in this browser. */
export const predictionProgress = {
  of: (lessonId: string): PredictionCount => storedProgress.get(lessonId).predictions ?? { right: 0, total: 0 },
  add: (lessonId: string, answered: PredictionCount) => {
    if (answered.total === 0) return;
    const { right, total } = predictionProgress.of(lessonId);
    storedProgress.update(lessonId, { predictions: { right: right + answered.right, total: total + answered.total } });
    changed();
  },
  /** The lesson was reset: its predictions start again. */
  clear: (lessonId: string) => {
    storedProgress.update(lessonId, { predictions: undefined });
    changed();
  },
  subscribe: (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Re-renders on every recorded prediction; read the counts with `predictionProgress.of`. */
export const usePredictionProgress = () => useSyncExternalStore(predictionProgress.subscribe, () => version);
