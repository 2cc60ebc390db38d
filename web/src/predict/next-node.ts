import type { NodeId, Step } from '../../../server/contract/trace.js';

/**
 * "What comes next?" while stepping with → in predict mode: before the cursor leaves a step for one
 * on another box, the learner picks that box. Pure, so the page only carries out what it says.
 */

/** The box the request goes to from step `at`; undefined when the next step stays on its box, or there is none. */
export function nextNodeAt(steps: Step[], at: number): NodeId | undefined {
  const here = steps[at];
  const next = steps[at + 1];
  return here && next && next.node !== here.node ? next.node : undefined;
}

/** The most boxes a number key can pick. */
export const MAX_NUMBERED = 9;

/** Each box's number, 1 to 9 in the diagram's order; the client is left out (no step goes to it). */
export function numberNodes(ids: readonly NodeId[]): Map<NodeId, number> {
  return new Map(
    ids
      .filter((id) => id !== 'client')
      .slice(0, MAX_NUMBERED)
      .map((id, i) => [id, i + 1]),
  );
}

/** The box a key press picks ("3" → the third box), if any. */
export function nodeOfKey(key: string, numbers: ReadonlyMap<NodeId, number>): NodeId | undefined {
  if (!/^[1-9]$/.test(key)) return undefined;
  for (const [id, n] of numbers) if (n === Number(key)) return id;
  return undefined;
}

/** What the last question came to: a pick (right or not) or a skip, on the way to step `to`. */
export type Outcome = { type: 'picked'; picked: NodeId; answer: NodeId; right: boolean; to: number } | { type: 'skipped'; answer: NodeId; to: number };

export interface Quiz {
  /** Waiting for a pick before moving on from step `from`. */
  asking?: { from: number; answer: NodeId };
  /** The last answer, shown until the next question or move. */
  outcome?: Outcome;
}

export type QuizEvent =
  /** → or the Next button. */
  | { type: 'next' }
  | { type: 'pick'; node: NodeId }
  /** Escape: move on without answering. */
  | { type: 'skip' }
  /** Any other move (←, Home, End, the scrubber, a timeline row): the question is dropped. */
  | { type: 'elsewhere' };

/**
 * The quiz after an event at step `at`: the new state, and the step to go to, if the cursor moves.
 * → asks when the next step is on another box (and predict mode is `on`); → again or Escape skips;
 * a pick is judged and moves on, right or wrong, so the right box is where the learner lands.
 */
export function quizAfter(quiz: Quiz, event: QuizEvent, steps: Step[], at: number, on: boolean): { quiz: Quiz; goTo?: number } {
  const { asking } = quiz;
  switch (event.type) {
    case 'next': {
      if (asking) return { quiz: { outcome: { type: 'skipped', answer: asking.answer, to: asking.from + 1 } }, goTo: asking.from + 1 };
      const answer = on ? nextNodeAt(steps, at) : undefined;
      if (answer) return { quiz: { asking: { from: at, answer } } };
      return { quiz: {}, goTo: Math.min(at + 1, Math.max(0, steps.length - 1)) };
    }
    case 'skip':
      return asking ? { quiz: { outcome: { type: 'skipped', answer: asking.answer, to: asking.from + 1 } }, goTo: asking.from + 1 } : { quiz };
    case 'pick': {
      if (!asking) return { quiz };
      const to = asking.from + 1;
      return { quiz: { outcome: { type: 'picked', picked: event.node, answer: asking.answer, right: event.node === asking.answer, to } }, goTo: to };
    }
    case 'elsewhere':
      return { quiz: {} };
  }
}
