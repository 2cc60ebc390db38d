import type { HintCode } from '../contract/failure.js';

/** What the sandbox knows about the request when the learner's code threw. */
export interface HintContext {
  /** True when the request carried a body Express could parse. */
  hadBody: boolean;
}

interface HintRule {
  code: HintCode;
  /** The engine's (QuickJS's, SQLite's, Gudang's) message, as the learner's code saw it. */
  matches: RegExp;
  when?: (context: HintContext) => boolean;
}

/** Recognisable runtime errors, first match wins; each hint is worded in `failure-words.ts`. */
const RULES: HintRule[] = [
  // `const { name } = req.body`, `const [a] = req.body`, `req.body.name` without a body.
  { code: 'no_json_body', matches: /cannot read property '[^']*' of undefined|cannot convert to object|is not iterable|cannot destructure/i, when: (c) => !c.hadBody },
  { code: 'undefined_value', matches: /cannot read property '[^']*' of (undefined|null)|cannot convert to object/i },
  { code: 'not_defined', matches: /ReferenceError: '?[\w$]+'? is not defined/ },
  { code: 'not_a_function', matches: /TypeError: .*not a function/ },
  { code: 'unique_violation', matches: /UNIQUE constraint failed/ },
  { code: 'no_such_table', matches: /no such table/ },
  { code: 'no_such_column', matches: /no such column/ },
  { code: 'sql_syntax', matches: /near ".*": syntax error|incomplete input/ },
  { code: 'outside_request', matches: /can only be used while handling a request/ },
  { code: 'prototype_changed', matches: /could not read what your code sent/ },
];

/** A plain explanation for a runtime error, when it is one a beginner is likely to meet. */
export function runtimeHint(message: string, context: HintContext): HintCode | undefined {
  return RULES.find((rule) => rule.matches.test(message) && (rule.when?.(context) ?? true))?.code;
}
