import { MAX_NAME_LENGTH } from '../limits.js';
import type { CustomOperator } from '../operator-signature.js';
import { requireString } from './arguments.js';

/** Trailing legal-form words, after dots are dropped ("S.A." → "sa", "Inc." → "inc"). */
const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'llc', 'ltd', 'limited', 'gmbh', 'ag', 'sa', 'bv', 'plc',
]);

/**
 * Company names as a comparison key: accents, case, punctuation and spacing
 * are dropped, "&" reads "and", and trailing legal forms go
 * ("ACME Corp." and "Acme Corporation" both become "acme"). A name that is
 * only a legal form keeps it, so it does not vanish.
 */
export function normalizeName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.'’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] as string)) words.pop();
  return words.join(' ');
}

export const normalizeNameOperator: CustomOperator = {
  name: 'normalize_name',
  minArgs: 1,
  maxArgs: 1,
  args: ['string'],
  returns: ['string'],
  summary: 'company name as a comparison key (case, punctuation, spacing, legal suffixes, & vs and)',
  apply: (name: unknown) => normalizeName(requireString(name, 'normalize_name', 1, MAX_NAME_LENGTH)),
};
