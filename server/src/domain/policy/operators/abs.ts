import type { CustomOperator } from '../operator-signature.js';
import { requireNumber } from './arguments.js';

/** `{"abs": x}`: absolute value of a finite number. */
export const absOperator: CustomOperator = {
  name: 'abs',
  minArgs: 1,
  maxArgs: 1,
  args: ['number'],
  returns: ['number'],
  summary: 'absolute value',
  apply: (value: unknown) => Math.abs(requireNumber(value, 'abs', 1)),
};
