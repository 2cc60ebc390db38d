import type { StepKind, StepOf } from '../contract/trace.js';

/** What a lesson check can pick of one kind of step (`kind` or `kind:text`). */
interface Selectable<K extends StepKind> {
  /** The kind in a check's message, in English and Bahasa Indonesia. */
  words: [en: string, id: string];
  /** What `kind:text` searches in (case-insensitive). */
  text: (step: StepOf<K>) => string;
  /** Its texts are names worth suggesting for a misspelled selector (not whole SQL statements). */
  named: boolean;
}

/**
 * Every kind of step, and what checks can select of it; null for the request and the response,
 * which checks test directly. A kind added to the contract does not compile until it is here.
 */
export const selectableKinds = {
  query: { words: ['query', 'query'], text: (step) => step.data.sql, named: false },
  middleware: { words: ['middleware', 'middleware'], text: (step) => step.data.name, named: true },
  external: { words: ['call to an outside service', 'panggilan ke layanan eksternal'], text: (step) => `${step.data.service}.${step.data.operation}`, named: true },
  process: { words: ['route handler', 'route handler'], text: (step) => `${step.data.method} ${step.data.pattern}`, named: true },
  log: { words: ['log line', 'baris log'], text: (step) => step.data.message, named: false },
  error: { words: ['error', 'error'], text: (step) => step.data.message, named: false },
  receive: null,
  respond: null,
} satisfies { [K in StepKind]: Selectable<K> | null };

/** The kinds a selector may name, in the order messages list them. */
export const SELECTOR_KINDS = Object.entries(selectableKinds).flatMap(([kind, selectable]) => (selectable ? [kind] : []));

/** What checks can select of `kind` (a selector's own text, so any string), if anything. */
export function selectableKind(kind: string): Selectable<StepKind> | undefined {
  // One cast for the correlated union: the table's `satisfies` ties each entry to its kind.
  return (selectableKinds as Record<string, Selectable<StepKind> | null>)[kind] ?? undefined;
}
