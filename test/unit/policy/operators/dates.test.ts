import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../../../server/src/domain/policy/index.js';
import { addDaysOperator } from '../../../../server/src/domain/policy/operators/add-days.js';
import { daysBetweenOperator } from '../../../../server/src/domain/policy/operators/days-between.js';
import { nowOperator } from '../../../../server/src/domain/policy/operators/now.js';
import { fixedClock } from '../../../../server/src/domain/shared/clock.js';
import { expectRefusal } from './helpers.js';

describe('days_between', () => {
  it.each([
    ['2024-01-01', '2024-01-31', 30],
    ['2024-01-31', '2024-01-01', -30],
    ['2024-02-28', '2024-03-01', 2], // leap year
    ['2023-02-28', '2023-03-01', 1],
    ['2024-03-30', '2024-03-31', 1], // DST change in Europe does not matter
    ['2024-01-01', '2024-01-01T23:59:59Z', 0],
    ['2024-01-01T23:30:00-05:00', '2024-01-02', 0], // 04:30 UTC on the 2nd
    ['2024-01-01T00:00:00.123456Z', '2025-01-01T00:00:00+00:00', 366],
  ])('from %s to %s is %i days', (a, b, days) => {
    expect(daysBetweenOperator.apply(a, b)).toBe(days);
  });

  it.each([
    ['2024-02-30', '2024-03-01'],
    ['2024-1-5', '2024-03-01'],
    ['2024-01-05T10:00:00', '2024-03-01'], // no offset: names no instant
    ['2024-01-05T24:00:00Z', '2024-03-01'],
    [null, '2024-03-01'],
    [20240105, '2024-03-01'],
  ])('refuses %j', (a, b) => {
    expectRefusal(daysBetweenOperator, [a, b], 'invalid-date', /days_between: argument 1 must be an ISO date/);
  });
});

describe('add_days', () => {
  it.each([
    ['2024-01-31', 30, '2024-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-01-31T10:15:00+02:00', 1, '2024-02-01T08:15:00.000Z'],
    ['2024-07-09', 0, '2024-07-09'],
  ])('%s plus %i days is %s', (date, n, expected) => {
    expect(addDaysOperator.apply(date, n)).toBe(expected);
  });

  it.each([
    ['2024-01-31', 1.5, 'arg-type'],
    ['2024-01-31', '3', 'arg-type'],
    ['9999-12-31', 1, 'invalid-date'],
    ['not a date', 1, 'invalid-date'],
  ])('refuses %j + %j (%s)', (date, n, rule) => {
    expectRefusal(addDaysOperator, [date, n], rule);
  });
});

describe('now', () => {
  it('comes from the injected clock and is the same instant throughout one evaluation', () => {
    const clock = fixedClock('2025-03-01T09:30:00Z');
    let calls = 0;
    const counting = { now: () => (calls += 1, clock.now()) };
    const rule = { cat: [{ now: [] }, ' ', { now: [] }, ' ', { days_between: ['2025-02-01', { now: [] }] }] };
    const { result } = evaluatePolicy(rule, {}, { clock: counting });
    expect(result).toBe('2025-03-01T09:30:00.000Z 2025-03-01T09:30:00.000Z 28');
    expect(calls).toBe(1);
    expect(evaluatePolicy(rule, {}, { clock: counting, trace: true }).result).toBe(result);
  });

  it('takes no arguments', () => {
    expect(nowOperator.minArgs).toBe(0);
    expect(nowOperator.maxArgs).toBe(0);
  });
});
