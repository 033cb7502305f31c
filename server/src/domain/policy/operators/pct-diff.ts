import type { CustomOperator } from '../operator-signature.js';
import { requireNumber } from './arguments.js';
import { OperatorError } from './operator-error.js';

/**
 * `{"pct_diff": [a, b]}`: how far a is from b, in percent of b:
 * (a - b) / |b| × 100, so 10,500 against 10,000 is 5 and 9,500 is -5.
 * When b is 0 there is no percentage: 0 against 0 is 0 (no difference), any
 * other a is an error (rule `division-by-zero`), because answering 0 or null
 * would let "within 5%" pass for an invoice against an empty purchase order.
 */
export const pctDiffOperator: CustomOperator = {
  name: 'pct_diff',
  minArgs: 2,
  maxArgs: 2,
  args: ['number', 'number'],
  returns: ['number'],
  summary: 'percentage difference of a relative to b; error when b is 0 and a is not',
  apply: (a: unknown, b: unknown) => {
    const value = requireNumber(a, 'pct_diff', 1);
    const reference = requireNumber(b, 'pct_diff', 2);
    if (reference === 0) {
      if (value === 0) return 0;
      throw new OperatorError('division-by-zero', `pct_diff: the reference (argument 2) is 0, so ${value} has no percentage difference from it`);
    }
    return ((value - reference) * 100) / Math.abs(reference) + 0;
  },
};
