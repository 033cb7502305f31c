import type { CustomOperator } from '../operator-signature.js';
import { parseIsoMoment, utcDayNumber } from './dates.js';

/**
 * `{"days_between": [a, b]}`: whole calendar days from a to b, positive when b
 * is later. Date-times count by their UTC calendar date, so the answer does
 * not depend on the hour.
 */
export const daysBetweenOperator: CustomOperator = {
  name: 'days_between',
  minArgs: 2,
  maxArgs: 2,
  args: ['date', 'date'],
  returns: ['number'],
  summary: 'calendar days from a to b (b - a), by UTC date',
  apply: (a: unknown, b: unknown) =>
    utcDayNumber(parseIsoMoment(b, 'days_between', 2)) - utcDayNumber(parseIsoMoment(a, 'days_between', 1)),
};
