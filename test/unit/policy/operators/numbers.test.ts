import { describe, expect, it } from 'vitest';
import { absOperator } from '../../../../server/src/domain/policy/operators/abs.js';
import { betweenOperator } from '../../../../server/src/domain/policy/operators/between.js';
import { pctDiffOperator } from '../../../../server/src/domain/policy/operators/pct-diff.js';
import { roundOperator } from '../../../../server/src/domain/policy/operators/round.js';
import { sumByOperator } from '../../../../server/src/domain/policy/operators/sum-by.js';
import { expectRefusal } from './helpers.js';

describe('round', () => {
  it.each([
    [[1.005], 1.01],
    [[1.004], 1],
    [[2.675], 2.68],
    [[-2.675], -2.68], // half away from zero
    [[-1.005], -1.01],
    [[0.125, 2], 0.13],
    [[1.5, 0], 2],
    [[-1.5, 0], -2],
    [[-0.004], 0], // no -0
    [[1234.5678, 3], 1234.568],
    [[1e21], 1e21],
    [[1.23e-7, 2], 0],
    [[5e-7, 6], 0.000001],
    [[0.1 + 0.2], 0.3],
    [[10], 10],
  ])('round(%j) = %d', (args, expected) => {
    expect(Object.is(roundOperator.apply(...args), expected)).toBe(true);
  });

  it.each([[['1.5']], [[null]], [[1.5, 2.5]], [[1.5, 11]], [[Number.NaN]]])('refuses %j', (args) => {
    expectRefusal(roundOperator, args, 'arg-type');
  });
});

describe('abs', () => {
  it.each([
    [-3.5, 3.5],
    [0, 0],
    [-0, 0],
    [12, 12],
  ])('abs(%d) = %d', (x, expected) => {
    expect(Object.is(absOperator.apply(x), expected)).toBe(true);
  });

  it('refuses a non-number', () => expectRefusal(absOperator, ['-3'], 'arg-type'));
});

describe('pct_diff', () => {
  it.each([
    [10500, 10000, 5],
    [9500, 10000, -5],
    [10250, 10000, 2.5],
    [100, 100, 0],
    [0, 0, 0],
    [-90, -100, 10], // relative to |b|: -90 is above -100
    [10100, 10000, 1],
  ])('pct_diff(%d, %d) = %d', (a, b, expected) => {
    expect(pctDiffOperator.apply(a, b)).toBe(expected);
  });

  it('has no answer against a zero reference', () => {
    expectRefusal(pctDiffOperator, [120, 0], 'division-by-zero', /reference \(argument 2\) is 0/);
  });

  it('refuses missing values', () => expectRefusal(pctDiffOperator, [null, 100], 'arg-type'));
});

describe('between', () => {
  it.each([
    [5, 1, 10, true],
    [1, 1, 10, true],
    [10, 1, 10, true],
    [10.01, 1, 10, false],
    [0, 1, 10, false],
    [5, 10, 1, false], // empty range
    ['2024-03-15', '2024-03-01', '2024-03-31', true],
    ['2024-04-01', '2024-03-01', '2024-03-31', false],
  ])('between(%j, %j, %j) is %s', (x, lo, hi, expected) => {
    expect(betweenOperator.apply(x, lo, hi)).toBe(expected);
  });

  it.each([[[5, '1', 10]], [[null, 1, 10]], [[Number.NaN, 1, 10]]])('refuses mixed or missing %j', (args) => {
    expectRefusal(betweenOperator, args, 'arg-type');
  });
});

describe('sum_by', () => {
  it.each([
    [[{ amount: 0.1 }, { amount: 0.2 }], 'amount', 0.3],
    [[{ amount: 430 }, { amount: 90 }], 'amount', 520],
    [[{ amount: 200.1 }, { amount: 19.9 }], 'amount', 220],
    [[], 'amount', 0],
    [[{ price: { net: 1.005 } }, { price: { net: 2.995 } }], 'price.net', 4],
    [[{ amount: -5.25 }, { amount: 5.25 }], 'amount', 0],
    [[{ amount: 1e-20 }, { amount: 1 }], 'amount', 1],
  ])('sums %j by %s', (items, field, expected) => {
    expect(sumByOperator.apply(items, field)).toBe(expected);
  });

  it.each([
    [[null, 'amount'], 'arg-type', /argument 1 must be an array/],
    [[[{ amount: 1 }, { total: 2 }], 'amount'], 'arg-type', /item 1 has nothing at "amount"/],
    [[[{ amount: '12.50' }], 'amount'], 'arg-type', /item 0 has "12.50"/],
    [[[{ amount: 1 }], '__proto__'], 'forbidden-path', /not a usable field path/],
    [[[{ amount: 1 }], 'constructor.name'], 'forbidden-path', undefined],
  ])('refuses %j', (args, rule, message) => {
    expectRefusal(sumByOperator, args, rule, message);
  });

  it('reads own properties only', () => {
    expectRefusal(sumByOperator, [[{}], 'toString.length'], 'arg-type');
  });
});
