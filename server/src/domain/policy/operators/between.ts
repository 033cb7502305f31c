import type { CustomOperator } from '../operator-signature.js';
import { describeArgument } from './arguments.js';
import { OperatorError } from './operator-error.js';

/**
 * `{"between": [x, lo, hi]}`: lo ≤ x ≤ hi, bounds included. All three numbers,
 * or all three strings (ISO dates compare correctly as strings); an empty
 * range (lo > hi) holds nothing.
 */
export const betweenOperator: CustomOperator = {
  name: 'between',
  minArgs: 3,
  maxArgs: 3,
  args: ['comparable', 'comparable', 'comparable'],
  returns: ['boolean'],
  summary: 'lo <= x <= hi (inclusive), numbers or strings',
  apply: (x: unknown, lo: unknown, hi: unknown) => {
    const numbers = [x, lo, hi].every((value) => typeof value === 'number' && Number.isFinite(value));
    const strings = [x, lo, hi].every((value) => typeof value === 'string');
    if (!numbers && !strings) {
      throw new OperatorError(
        'arg-type',
        `between: needs three finite numbers or three strings, got ${[x, lo, hi].map(describeArgument).join(', ')}`,
      );
    }
    return (lo as number) <= (x as number) && (x as number) <= (hi as number);
  },
};
