import { exactSum } from '../decimal.js';
import { isForbiddenPathSegment } from '../forbidden-paths.js';
import type { CustomOperator } from '../operator-signature.js';
import { describeArgument, requireArray, requireString } from './arguments.js';
import { OperatorError } from './operator-error.js';

/**
 * `{"sum_by": [items, "field"]}`: the exact decimal sum of a numeric field
 * (a dotted path) over an array of objects. An item without a finite number
 * there is an error, not a 0: a line without an amount is a broken document.
 */
export const sumByOperator: CustomOperator = {
  name: 'sum_by',
  minArgs: 2,
  maxArgs: 2,
  args: ['array', 'string'],
  returns: ['number'],
  summary: 'exact sum of items[].field',
  apply: (items: unknown, field: unknown) => {
    const array = requireArray(items, 'sum_by', 1);
    const path = requireString(field, 'sum_by', 2, 200).split('.');
    if (path.some((segment) => segment === '' || isForbiddenPathSegment(segment))) {
      throw new OperatorError('forbidden-path', `sum_by: ${JSON.stringify(field)} is not a usable field path`);
    }
    const values = array.map((item, index) => {
      let value: unknown = item;
      for (const segment of path) {
        value =
          typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, segment)
            ? (value as Record<string, unknown>)[segment]
            : undefined;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new OperatorError('arg-type', `sum_by: item ${index} has ${describeArgument(value)} at "${field as string}", not a number`);
      }
      return value;
    });
    return exactSum(values);
  },
};
