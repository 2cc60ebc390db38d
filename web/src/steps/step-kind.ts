import type { ComponentType } from 'react';
import type { Language } from '../../../server/contract/lesson.js';
import type { StepKind, StepOf } from '../../../server/contract/trace.js';

/** Everything the page shows of one kind of step; one file per kind in this folder. */
export interface StepKindView<K extends StepKind> {
  /** The kind's name, on its badge and in the timeline. */
  words: Record<Language, string>;
  /** One line for the timeline. */
  summary: (step: StepOf<K>, language: Language) => string;
  /** The step marks something that went wrong (flagged in the timeline). */
  failed: (step: StepOf<K>) => boolean;
  /** The inspector's view of the step's data. `sameQueryCount`: how many queries of the trace ran the same SQL. */
  Inspector: ComponentType<{ step: StepOf<K>; sameQueryCount: number }>;
}

/** Text on one line, cut to `max` characters. */
export const oneLine = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export const never = () => false;
