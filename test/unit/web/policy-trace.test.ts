import { describe, expect, it } from 'vitest';
import { describeTrace, formatTraceEntry, readTrace, type TraceEntry } from '../../../web/src/lib/policy-trace.js';

// As evaluatePolicy answers for the refund-threshold rule and { amount: 15450 }.
const REFUND_TRACE = [
  { pointer: '', operator: 'if', evaluated: true, args: [true, 'review', null], unevaluated: [2], branch: 'then', value: 'review' },
  { pointer: '/if/0', operator: '>', evaluated: true, args: [15450, 100], value: true },
  { pointer: '/if/0/>/0', operator: 'var', evaluated: true, args: ['amount'], value: 15450 },
];

describe('formatTraceEntry', () => {
  it.each<{ entry: TraceEntry; text: string }>([
    { entry: { pointer: '/if/0', operator: '>', evaluated: true, args: [15450, 10000], value: true }, text: '{">": [15450, 10000]} → true' },
    { entry: { pointer: '/x', operator: 'var', evaluated: true, args: ['amount'], value: 250 }, text: '{"var": "amount"} → 250' },
    { entry: { pointer: '/x', operator: 'var', evaluated: true, args: ['a', 0], value: 0 }, text: '{"var": ["a", 0]} → 0' },
    {
      entry: { pointer: '', operator: 'if', evaluated: true, args: [true, 'review', null], unevaluated: [2], branch: 'then', value: 'review' },
      text: '{"if": [true, "review", …]} → "review" (then)',
    },
    { entry: { pointer: '/if/2', operator: 'cat', evaluated: false }, text: '{"cat": …} (not evaluated)' },
    { entry: { pointer: '/x', operator: '/', evaluated: true, args: [1, 0], value: null, nonFinite: 'Infinity' }, text: '{"/": [1, 0]} → Infinity' },
    { entry: { pointer: '/m', operator: '*', evaluated: true, args: [2, 3], value: 6, iteration: [1] }, text: '{"*": [2, 3]} [item 1] → 6' },
    { entry: { pointer: '/x', operator: 'in', evaluated: true, args: ['a', { k: [1] }], value: false }, text: '{"in": ["a", {"k": [1]}]} → false' },
  ])('$text', ({ entry, text }) => {
    expect(formatTraceEntry(entry)).toBe(text);
  });
});

describe('describeTrace', () => {
  it('indents each operation by its depth in the rule', () => {
    expect(describeTrace(REFUND_TRACE).map((line) => [line.depth, line.text])).toEqual([
      [0, '{"if": [true, "review", …]} → "review" (then)'],
      [1, '{">": [15450, 100]} → true'],
      [2, '{"var": "amount"} → 15450'],
    ]);
  });

  it('keys lines uniquely even when a loop repeats a pointer', () => {
    const lines = describeTrace([
      { pointer: '/map/1', operator: '+', evaluated: true, args: [1, 1], value: 2, iteration: [0] },
      { pointer: '/map/1', operator: '+', evaluated: true, args: [2, 1], value: 3, iteration: [1] },
    ]);
    expect(new Set(lines.map((line) => line.key)).size).toBe(2);
  });
});

describe('readTrace', () => {
  it.each([null, 'trace', 42, { pointer: '' }])('gives nothing for %j', (value) => {
    expect(readTrace(value)).toEqual([]);
  });

  it('drops malformed entries and keeps the rest', () => {
    expect(readTrace([{ operator: '>' }, 7, REFUND_TRACE[1]])).toEqual([REFUND_TRACE[1]]);
  });
});
