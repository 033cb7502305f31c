import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH } from '../../../../server/src/domain/policy/index.js';
import { nameSimilarityOperator } from '../../../../server/src/domain/policy/operators/name-similarity.js';
import { normalizeNameOperator } from '../../../../server/src/domain/policy/operators/normalize-name.js';
import { expectRefusal } from './helpers.js';

describe('normalize_name', () => {
  it.each([
    ['ACME Corp.', 'acme'],
    ['Acme Corporation', 'acme'],
    ['Acme, Inc.', 'acme'],
    ['Acme Inc', 'acme'],
    ['Smith & Jones Ltd', 'smith and jones'],
    ['Smith and Jones Limited', 'smith and jones'],
    ['Müller Logistik GmbH', 'muller logistik'],
    ['Nestlé S.A.', 'nestle'],
    ['Nestle SA', 'nestle'],
    ['Siemens AG', 'siemens'],
    ['Philips B.V.', 'philips'],
    ['Tesco PLC', 'tesco'],
    ['Globex LLC', 'globex'],
    ['  O\'Brien   Consulting\tLLC ', 'obrien consulting'],
    ['Holding Corp Inc.', 'holding'], // stacked suffixes
    ['AG', 'ag'], // a name that is only a suffix stays
    ['Inc. Industries', 'inc industries'], // only trailing suffixes go
    ['', ''],
  ])('%j → %j', (name, expected) => {
    expect(normalizeNameOperator.apply(name)).toBe(expected);
  });

  it('refuses non-strings and over-long names', () => {
    expectRefusal(normalizeNameOperator, [42], 'arg-type');
    expectRefusal(normalizeNameOperator, ['x'.repeat(MAX_NAME_LENGTH + 1)], 'too-long');
  });
});

describe('name_similarity', () => {
  it.each([
    ['ACME Corp.', 'Acme Corporation', 1],
    ['Smith & Jones Ltd', 'Smith and Jones Limited', 1],
    ['Northwind Trader Inc.', 'Northwind Traders, Inc', 0.9412],
    ['Globex GmbH', 'Globex International GmbH', 0.3],
    ['Initech', 'Initrode', 0.5],
    ['', '', 1],
    ['Acme', '', 0],
    ['abc', 'xyz', 0],
  ])('%j vs %j = %d', (a, b, expected) => {
    expect(nameSimilarityOperator.apply(a, b)).toBe(expected);
  });

  it('is symmetric and within 0..1', () => {
    const names = ['ACME Corp.', 'Acme Holdings', 'Smith & Jones', 'Jones & Smith', 'Globex', ''];
    for (const a of names) {
      for (const b of names) {
        const score = nameSimilarityOperator.apply(a, b) as number;
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(score).toBe(nameSimilarityOperator.apply(b, a));
      }
    }
  });

  it('refuses missing names and names past the length limit', () => {
    expectRefusal(nameSimilarityOperator, [null, 'Acme'], 'arg-type');
    expectRefusal(nameSimilarityOperator, ['Acme', 'a'.repeat(MAX_NAME_LENGTH + 1)], 'too-long');
  });
});
