import { currentInstant } from '../evaluation-context.js';
import type { CustomOperator } from '../operator-signature.js';

/** `{"now": []}`: the evaluation's instant from the injected Clock, as an ISO UTC date-time. */
export const nowOperator: CustomOperator = {
  name: 'now',
  minArgs: 0,
  maxArgs: 0,
  args: ['any'],
  returns: ['string'],
  summary: 'the current instant from the evaluation clock, e.g. "2025-03-01T09:30:00.000Z"',
  apply: () => currentInstant(),
};
