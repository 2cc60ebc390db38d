import { useMemo, useState } from 'react';
import { matchingSteps } from '../../../../server/contract/trace-search.js';
import type { Step } from '../../../../server/contract/trace.js';
import { EMPTY_SEARCH, type SearchDraft } from './SearchFields.js';
import { searchOf } from './use-trace-search.js';

/** The match to go to from `at`: the next one after it (or the previous one before it), round the end. */
export function nextMatch(matches: number[], at: number, backwards: boolean): number | undefined {
  if (matches.length === 0) return undefined;
  if (backwards) return [...matches].reverse().find((i) => i < at) ?? matches.at(-1);
  return matches.find((i) => i > at) ?? matches[0];
}

/** Finding steps in the open trace: which match, and going from one to the next with the stepper. */
export function useStepFind(steps: Step[], at: number, goTo: (index: number) => void) {
  const [draft, setDraft] = useState<SearchDraft>(EMPTY_SEARCH);
  const search = useMemo(() => searchOf(draft), [draft]);
  const matches = useMemo(() => (search ? matchingSteps(steps, search) : []), [steps, search]);
  const found = useMemo(() => new Set(matches), [matches]);
  const go = (backwards: boolean) => {
    const index = nextMatch(matches, at, backwards);
    if (index !== undefined) goTo(index);
  };
  return { draft, setDraft, searching: search !== undefined, matches, found, go };
}
