import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/src/domain/errors/index.js';
import { runPolicyTests } from '../../../server/src/domain/policy/index.js';
import { fixedClock } from '../../../server/src/domain/shared/clock.js';

const route = {
  if: [
    { and: [{ '>': [{ var: 'amount' }, 10000] }, { var: 'over_budget' }] }, 'cfo',
    { '>': [{ var: 'amount' }, 10000] }, 'finance_manager',
    'auto',
  ],
};
const clock = fixedClock('2025-03-01T00:00:00Z');

describe('runPolicyTests', () => {
  it('reports each case and the if branches the cases took', () => {
    const report = runPolicyTests(
      route,
      [
        { name: 'cfo', data: { amount: 15450, over_budget: true }, expected: 'cfo' },
        { name: 'auto', data: { amount: 5, over_budget: true }, expected: 'auto' },
        { name: 'wrong expectation', data: { amount: 15450, over_budget: true }, expected: 'auto' },
      ],
      { clock },
    );
    expect(report).toMatchObject({ passed: false, total: 3, failed: 1 });
    expect(report.cases.map((c) => [c.name, c.passed, c.actual])).toEqual([
      ['cfo', true, 'cfo'],
      ['auto', true, 'auto'],
      ['wrong expectation', false, 'cfo'],
    ]);
    expect(report.cases[0]?.explanation).toBe('"cfo" because amount 15450 > 10000 and over_budget is true');
    expect(report.coverage).toEqual({
      total: 3,
      covered: 2,
      branches: [
        { pointer: '', operator: 'if', branch: 'then', hit: true },
        { pointer: '', operator: 'if', branch: 'elseif-1', hit: false },
        { pointer: '', operator: 'if', branch: 'else', hit: true },
      ],
    });
  });

  it('compares results by JSON deep equality', () => {
    const rule = { merge: [{ var: 'a' }, [{ var: 'b' }]] };
    const report = runPolicyTests(rule, [
      { name: 'arrays', data: { a: [1], b: { y: 2, x: 1 } }, expected: [1, { x: 1, y: 2 }] },
      { name: 'order matters in arrays', data: { a: [1], b: 2 }, expected: [2, 1] },
    ]);
    expect(report.cases.map((c) => c.passed)).toEqual([true, false]);
  });

  it('turns a failing evaluation into a failed case with its error', () => {
    const report = runPolicyTests({ pct_diff: [{ var: 'a' }, { var: 'b' }] }, [{ name: 'zero reference', data: { a: 1, b: 0 }, expected: 0 }]);
    expect(report.cases[0]).toMatchObject({ passed: false, actual: null, expected: 0 });
    expect(report.cases[0]?.error).toMatch(/pct_diff: the reference/);
  });

  it('counts an implicit else, nested ifs and ifs inside scoped bodies', () => {
    const rule = { map: [{ var: 'xs' }, { if: [{ '>': [{ var: '' }, 0] }, { '?:': [{ '>': [{ var: '' }, 9] }, 'big', 'small'] }] }] };
    const report = runPolicyTests(rule, [{ name: 'mixed', data: { xs: [1, -1] }, expected: ['small', null] }]);
    expect(report.passed).toBe(true);
    expect(report.coverage.branches.map((b) => [b.pointer, b.branch, b.hit])).toEqual([
      ['/map/1', 'then', true],
      ['/map/1', 'else', true],
      ['/map/1/if/1', 'then', false],
      ['/map/1/if/1', 'else', true],
    ]);
  });

  it('counts and/or short-circuits when asked', () => {
    const rule = { and: [{ var: 'a' }, { var: 'b' }] };
    const report = runPolicyTests(rule, [{ name: 'both', data: { a: true, b: true }, expected: true }], { shortCircuits: true });
    expect(report.coverage.branches.map((b) => [b.branch, b.hit])).toEqual([
      ['falsy-0', false],
      ['falsy-1', false],
      ['all-truthy', true],
    ]);
  });

  it('uses the clock it is given', () => {
    const rule = { if: [{ '>': [{ days_between: [{ var: 'due' }, { now: [] }] }, 0] }, 'overdue', 'open'] };
    const report = runPolicyTests(rule, [{ name: 'due yesterday', data: { due: '2025-02-28' }, expected: 'overdue' }], { clock });
    expect(report.passed).toBe(true);
  });

  it('refuses malformed cases and rules up front', () => {
    expect(() => runPolicyTests(route, 'nope')).toThrow(ValidationError);
    expect(() => runPolicyTests(route, [{ name: 'no data' }])).toThrow(/a test case is \{ name, data, expected \}/);
    expect(() => runPolicyTests({ frob: [] }, [])).toThrow(ValidationError);
  });
});
