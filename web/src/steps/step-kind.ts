import type { ComponentType } from 'react';
import type { Language } from '../../../server/contract/lesson.js';
import type { Step, StepKind, StepOf } from '../../../server/contract/trace.js';

/** Where a step sits in its trace, for narration that depends on what came before or after. */
export interface NarrationContext {
  steps: Step[];
  index: number;
}

/** Everything the page shows of one kind of step; one file per kind in this folder. */
export interface StepKindView<K extends StepKind> {
  /** The kind's name, on its badge and in the timeline. */
  words: Record<Language, string>;
  /** One line for the timeline. */
  summary: (step: StepOf<K>, language: Language) => string;
  /** One plain sentence of what happened, built from the step's data (shown above the inspector, read out when the step changes). */
  narrate: (step: StepOf<K>, language: Language, context: NarrationContext) => string;
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

/** "0.4 ms" / "0,4 ms": a duration as a learner reads it. */
export function msWords(ms: number, language: Language): string {
  const text = ms < 0.1 ? '< 0.1' : ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
  return `${language === 'id' ? text.replace('.', ',') : text} ms`;
}

/** "1 row" / "3 rows": English counts take a plural; Indonesian ones do not. */
export const countWords = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Who holds the request at step `index`: the middleware or the handler a query or a call came from. */
export function callerOf({ steps, index }: NarrationContext): { kind: 'handler' } | { kind: 'middleware'; name: string } {
  for (let i = index - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind === 'middleware') return { kind: 'middleware', name: step.data.name || '(anonymous)' };
    if (step.node === 'handler') return { kind: 'handler' };
  }
  return { kind: 'handler' };
}

/** "Your handler" / "The middleware requireUser", as the subject of a sentence. */
export function callerWords(context: NarrationContext, language: Language): string {
  const caller = callerOf(context);
  if (caller.kind === 'middleware') return language === 'en' ? `The middleware ${caller.name}` : `Middleware ${caller.name}`;
  return language === 'en' ? 'Your handler' : 'Handler-mu';
}

/** " (line 12)" when the step has a line of the learner's code. */
export const lineWords = (line: number | undefined, language: Language) => (line === undefined ? '' : language === 'en' ? ` (line ${line})` : ` (baris ${line})`);
