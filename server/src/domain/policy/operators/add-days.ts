import type { CustomOperator } from '../operator-signature.js';
import { requireInteger } from './arguments.js';
import { addDaysTo, parseIsoMoment } from './dates.js';

/**
 * `{"add_days": [date, n]}`: the date n days later (n may be negative). A
 * plain date gives a plain date; a date-time gives a UTC date-time.
 */
export const addDaysOperator: CustomOperator = {
  name: 'add_days',
  minArgs: 2,
  maxArgs: 2,
  args: ['date', 'number'],
  returns: ['string'],
  summary: 'date shifted by n whole days',
  apply: (date: unknown, days: unknown) =>
    addDaysTo(parseIsoMoment(date, 'add_days', 1), requireInteger(days, 'add_days', 2, -3_650_000, 3_650_000), 'add_days'),
};
