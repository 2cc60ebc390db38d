import { useState } from 'react';
import type { Lesson, PredictPrompt } from '../../../server/contract/lesson.js';
import type { RequestDraft } from '../request/request-draft.js';
import { predictionStore, usePredictMode } from './prediction-store.js';
import { promptFor } from './prompt-for.js';
import type { Prediction, Stage } from './score.js';

/**
 * Send, with predict mode in front of it: while the mode is on, a request waits for the learner's
 * prediction (or their Skip) before it goes, so neither its answer nor its flow can give it away.
 */
export function usePredictedSend(lesson: Lesson | undefined, sendNow: (draft: RequestDraft) => Promise<void>) {
  const [on, setOn] = usePredictMode(lesson);
  const [asking, setAsking] = useState<{ draft: RequestDraft; prompt?: PredictPrompt }>();
  const go = (draft: RequestDraft, prediction?: Prediction) => {
    setAsking(undefined);
    if (prediction) predictionStore.made(prediction, asking?.prompt);
    else predictionStore.clear();
    void sendNow(draft);
  };
  const offered: Stage[] = ['handler', 'database', ...(lesson?.services ?? []).map((s): Stage => `service:${s.name}`)];
  return {
    on,
    setOn,
    asking,
    offered,
    send: (draft: RequestDraft) => (on ? setAsking({ draft, prompt: promptFor(draft, lesson?.suggestedRequests ?? []) }) : go(draft)),
    watch: (prediction: Prediction) => asking && go(asking.draft, prediction),
    skip: () => asking && go(asking.draft),
  };
}
