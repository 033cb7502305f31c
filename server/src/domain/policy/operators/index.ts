import type { CustomOperator } from '../operator-signature.js';
import { absOperator } from './abs.js';
import { addDaysOperator } from './add-days.js';
import { betweenOperator } from './between.js';
import { daysBetweenOperator } from './days-between.js';
import { nameSimilarityOperator } from './name-similarity.js';
import { normalizeNameOperator } from './normalize-name.js';
import { nowOperator } from './now.js';
import { pctDiffOperator } from './pct-diff.js';
import { regexTestOperator } from './regex-test.js';
import { roundOperator } from './round.js';
import { sumByOperator } from './sum-by.js';

/** Every Docket operator, registered with json-logic-js once at module load. Add new ones here. */
export const CUSTOM_OPERATORS: readonly CustomOperator[] = [
  nowOperator,
  daysBetweenOperator,
  addDaysOperator,
  sumByOperator,
  roundOperator,
  absOperator,
  pctDiffOperator,
  betweenOperator,
  normalizeNameOperator,
  nameSimilarityOperator,
  regexTestOperator,
];

export { OperatorError } from './operator-error.js';
