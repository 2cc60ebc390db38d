import { useState } from 'react';
import type { Lesson } from '../../../server/contract/lesson.js';
import { predictionStore, predictMode } from './prediction-store.js';
import type { Prediction, Stage } from './score.js';

/**
 * Send, with predict mode in front of it: while the mode is on, a request waits for the learner's
 * prediction (or their Skip) before it goes, so neither its answer nor its flow can give it away.
 */
export function usePredictedSend<D>(lesson: Lesson | undefined, sendNow: (draft: D) => Promise<void>) {
  const [on, setOnState] = useState(() => predictMode.get(lesson?.id, lesson?.predict ?? false));
  const [asking, setAsking] = useState<D>();
  const setOn = (next: boolean) => {
    setOnState(next);
    if (lesson) predictMode.set(lesson.id, next);
  };
  const go = (draft: D, prediction?: Prediction) => {
    setAsking(undefined);
    if (prediction) predictionStore.made(prediction);
    else predictionStore.clear();
    void sendNow(draft);
  };
  const offered: Stage[] = ['handler', 'database', ...(lesson?.services ?? []).map((s): Stage => `service:${s.name}`)];
  return {
    on,
    setOn,
    asking,
    offered,
    send: (draft: D) => (on ? setAsking(draft) : go(draft)),
    watch: (prediction: Prediction) => asking !== undefined && go(asking, prediction),
    skip: () => asking !== undefined && go(asking),
  };
}
