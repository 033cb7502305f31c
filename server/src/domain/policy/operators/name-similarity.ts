import { distance } from 'fastest-levenshtein';
import { roundHalfAwayFromZero } from '../decimal.js';
import { MAX_NAME_LENGTH } from '../limits.js';
import type { CustomOperator } from '../operator-signature.js';
import { requireString } from './arguments.js';
import { normalizeName } from './normalize-name.js';

/**
 * `{"name_similarity": [a, b]}`: 1 − edit distance / longer length of the
 * normalized names, rounded to 4 places; 1 for equal names (two empty
 * names included), 0 when only one is empty.
 */
export function nameSimilarity(a: string, b: string): number {
  const left = normalizeName(a);
  const right = normalizeName(b);
  const longer = Math.max(left.length, right.length);
  if (longer === 0) return 1;
  return roundHalfAwayFromZero(1 - distance(left, right) / longer, 4);
}

export const nameSimilarityOperator: CustomOperator = {
  name: 'name_similarity',
  minArgs: 2,
  maxArgs: 2,
  args: ['string', 'string'],
  returns: ['number'],
  summary: 'similarity 0..1 of two normalized company names (Levenshtein)',
  apply: (a: unknown, b: unknown) =>
    nameSimilarity(requireString(a, 'name_similarity', 1, MAX_NAME_LENGTH), requireString(b, 'name_similarity', 2, MAX_NAME_LENGTH)),
};
