import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { BUILTIN_OPERATORS, CUSTOM_OPERATORS, registerOperator, type CustomOperator } from '../../../server/src/domain/policy/index.js';

const apply = (jsonLogic as unknown as { apply(logic: unknown, data?: unknown): unknown }).apply;
const operator = (name: string): CustomOperator => ({ name, minArgs: 0, maxArgs: 0, args: ['any'], summary: 'test', apply: () => 'mine' });

describe('operator registry', () => {
  it.each([...BUILTIN_OPERATORS.map((o) => o.name), 'log'])('refuses to register over the built-in %j', (name) => {
    expect(() => registerOperator(operator(name))).toThrow(/built-in operator; Docket never overrides built-ins/);
  });

  it('leaves built-ins as json-logic-js defines them after those attempts', () => {
    expect(apply({ '+': [1, 2] })).toBe(3);
    expect(apply({ if: [true, 'yes', 'no'] })).toBe('yes');
  });

  it.each(['__proto__', 'constructor', 'Bad', 'a.b', 'has space', ''])('refuses the name %j', (name) => {
    expect(() => registerOperator(operator(name))).toThrow(/must match/);
  });

  it('registers once: the same operator again is a no-op, another under a taken name is refused', () => {
    const first = CUSTOM_OPERATORS[0] as CustomOperator;
    expect(() => registerOperator(first)).not.toThrow();
    expect(() => registerOperator({ ...first })).toThrow(/already registered/);
  });

  it('makes every Docket operator available to json-logic-js itself', () => {
    expect(CUSTOM_OPERATORS.map((o) => o.name).sort()).toEqual([
      'abs', 'add_days', 'between', 'days_between', 'name_similarity', 'normalize_name', 'now', 'pct_diff', 'regex_test', 'round', 'sum_by',
    ]);
    expect(apply({ round: [{ pct_diff: [10250, 10000] }, 1] })).toBe(2.5);
    expect(apply({ sum_by: [{ var: 'xs' }, 'a'] }, { xs: [{ a: 0.1 }, { a: 0.2 }] })).toBe(0.3);
  });

  it('gives every operator a consistent signature', () => {
    for (const signature of [...BUILTIN_OPERATORS, ...CUSTOM_OPERATORS]) {
      expect(signature.minArgs).toBeLessThanOrEqual(signature.maxArgs);
      expect(signature.args.length).toBeGreaterThan(0);
      expect(signature.summary).not.toBe('');
    }
  });
});
