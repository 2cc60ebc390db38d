import { useSyncExternalStore } from 'react';
import { z } from 'zod';
import { storedValue } from '../app/stored-state.js';
import type { Lesson, PredictPrompt } from '../../../server/contract/lesson.js';
import type { Prediction } from './score.js';

/**
 * The learner's last prediction, from the request area (where it is asked) to the flow (where it is
 * scored). `traceId` is the trace it was made for: the first learner trace to open after it was sent.
 */
export interface PredictionState {
  prediction: Prediction;
  /** The lesson's prompt it answered, whose explanations the summary shows. */
  prompt?: PredictPrompt;
  traceId?: string;
}

let state: PredictionState | undefined;
const listeners = new Set<() => void>();
const set = (next: PredictionState | undefined) => {
  state = next;
  for (const listener of listeners) listener();
};

export const predictionStore = {
  /** A prediction for the request about to be sent (replaces any earlier one). */
  made: (prediction: Prediction, prompt?: PredictPrompt) => set({ prediction, prompt }),
  /** The trace the waiting prediction was made for has opened. */
  bind: (traceId: string) => state && !state.traceId && set({ ...state, traceId }),
  clear: () => set(undefined),
  subscribe: (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: () => state,
};

export const usePrediction = () => useSyncExternalStore(predictionStore.subscribe, predictionStore.get);

/** The learner's own choice of predict mode, per lesson; a lesson without one starts as the lesson asks. */
const storedModes = storedValue('predict-mode', z.record(z.string(), z.boolean()));
const modeListeners = new Set<() => void>();
export const predictMode = {
  get: (lessonId: string | undefined, lessonDefault: boolean): boolean => (lessonId ? storedModes.get()?.[lessonId] : undefined) ?? lessonDefault,
  set: (lessonId: string, on: boolean) => {
    storedModes.set({ ...storedModes.get(), [lessonId]: on });
    for (const listener of modeListeners) listener();
  },
  subscribe: (listener: () => void) => {
    modeListeners.add(listener);
    return () => modeListeners.delete(listener);
  },
};

/** Predict mode in a lesson, shared by the request area (the question before Send) and the flow ("what comes next?"). */
export function usePredictMode(lesson: Pick<Lesson, 'id' | 'predict'> | undefined): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(predictMode.subscribe, () => predictMode.get(lesson?.id, lesson?.predict ?? false));
  return [on, (next: boolean) => lesson && predictMode.set(lesson.id, next)];
}
