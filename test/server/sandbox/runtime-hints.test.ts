import { describe, expect, it } from 'vitest';
import { runtimeHint } from '../../../server/sandbox/runtime-hints.js';

describe('runtime errors a beginner meets get a plain hint', () => {
  it('says the request had no JSON body when req.body was read without one', () => {
    expect(runtimeHint("TypeError: cannot read property 'Symbol.iterator' of undefined", { hadBody: false })).toBe('no_json_body');
    expect(runtimeHint("TypeError: cannot read property 'name' of undefined", { hadBody: false })).toBe('no_json_body');
    expect(runtimeHint('TypeError: cannot convert to object', { hadBody: false })).toBe('no_json_body');
  });

  it('does not blame the body when there was one', () => {
    expect(runtimeHint("TypeError: cannot read property 'name' of undefined", { hadBody: true })).toBe('undefined_value');
  });

  it('recognises names, functions and the database’s refusals', () => {
    expect(runtimeHint("ReferenceError: 'dbb' is not defined", { hadBody: false })).toBe('not_defined');
    expect(runtimeHint('TypeError: not a function', { hadBody: false })).toBe('not_a_function');
    expect(runtimeHint('Error: UNIQUE constraint failed: users.email', { hadBody: true })).toBe('unique_violation');
    expect(runtimeHint('Error: no such table: product', { hadBody: false })).toBe('no_such_table');
    expect(runtimeHint('Error: no such column: nmae', { hadBody: false })).toBe('no_such_column');
    expect(runtimeHint('Error: near "FORM": syntax error', { hadBody: false })).toBe('sql_syntax');
  });

  it('gives no hint for an error it does not know', () => {
    expect(runtimeHint('Error: payment: card_declined', { hadBody: true })).toBeUndefined();
  });
});
