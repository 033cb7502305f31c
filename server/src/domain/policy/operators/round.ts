import { roundHalfAwayFromZero } from '../decimal.js';
import type { CustomOperator } from '../operator-signature.js';
import { requireInteger, requireNumber } from './arguments.js';

/**
 * `{"round": [x, decimals]}` (decimals defaults to 2, cents): half away from
 * zero on the decimal form of x, so 1.005 rounds to 1.01 and -2.675 to -2.68.
 */
export const roundOperator: CustomOperator = {
  name: 'round',
  minArgs: 1,
  maxArgs: 2,
  args: ['number', 'number'],
  returns: ['number'],
  summary: 'x rounded half away from zero to decimals places (default 2)',
  apply: (value: unknown, decimals: unknown = 2) =>
    roundHalfAwayFromZero(requireNumber(value, 'round', 1), requireInteger(decimals, 'round', 2, 0, 10)),
};
