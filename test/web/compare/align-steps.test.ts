import { describe, expect, it } from 'vitest';
import type { Step } from '../../../server/contract/trace.js';
import { alignSteps, normalSql, stepKey } from '../../../web/src/compare/align-steps.js';
import { handler, INSERT, query, receive, respond, SELECT, solutionRun, starterRun } from './compare-fixtures.js';

const keys = (pairs: ReturnType<typeof alignSteps>) => pairs.map(({ left, right }) => [left && stepKey(left), right && stepKey(right)]);

describe('aligning two runs’ steps by stage and SQL', () => {
  it('lines up the starter’s order with the solution’s: BEGIN and ROLLBACK only in the solution, the INSERT only in the starter', () => {
    expect(keys(alignSteps(starterRun.steps, solutionRun.steps))).toEqual([
      ['receive', 'receive'],
      ['process:POST /api/orders', 'process:POST /api/orders'],
      [undefined, 'query:BEGIN'],
      [`query:${SELECT}`, `query:${SELECT}`],
      [`query:${INSERT}`, undefined],
      [undefined, 'query:ROLLBACK'],
      ['respond', 'respond'],
    ]);
  });

  it('keys a query by its SQL, whatever its spacing, its final semicolon or its parameters', () => {
    expect(normalSql('  SELECT *\n   FROM products ;  ')).toBe('SELECT * FROM products');
    expect(stepKey(query('SELECT *\nFROM products;', [1]))).toBe(stepKey(query('SELECT * FROM products', [2])));
    expect(stepKey(query('SELECT * FROM orders'))).not.toBe(stepKey(query('SELECT * FROM products')));
  });

  it('matches a repeated query once per run it ran in, in order (N+1 against one query)', () => {
    const many: Step[] = [receive(), query('SELECT 1'), query('SELECT 2'), query('SELECT 2'), query('SELECT 2'), respond(200, [])];
    const one: Step[] = [receive(), query('SELECT 1'), query('SELECT 2'), respond(200, [])];
    const pairs = alignSteps(many, one);
    expect(pairs.map((p) => [Boolean(p.left), Boolean(p.right)])).toEqual([
      [true, true],
      [true, true],
      [true, true],
      [true, false],
      [true, false],
      [true, true],
    ]);
  });

  it('keeps every step of both runs, each once, in each run’s own order', () => {
    const left = [receive(), query('A'), query('B'), query('C'), respond(200, 1)];
    const right = [receive(), query('C'), query('B'), query('A'), respond(500, 2)];
    const pairs = alignSteps(left, right);
    expect(pairs.flatMap((p) => (p.left ? [p.left] : []))).toEqual(left);
    expect(pairs.flatMap((p) => (p.right ? [p.right] : []))).toEqual(right);
    expect(pairs.filter((p) => p.left && p.right)).toHaveLength(3);
  });

  it('gives a run against an empty one as steps of one side only', () => {
    expect(alignSteps([], [])).toEqual([]);
    expect(alignSteps([handler], [])).toEqual([{ left: handler }]);
    expect(alignSteps([], [handler])).toEqual([{ right: handler }]);
  });
});
