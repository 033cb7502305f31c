import { describe, expect, it } from 'vitest';
import { collectPiiValues } from '../../../server/src/domain/shared/pii.js';

const schema = {
  type: 'object',
  properties: {
    customer: { type: 'object', properties: { name: { type: 'string', 'x-pii': true }, tier: { type: 'string' } } },
    ibans: { type: 'array', items: { type: 'string', 'x-pii': 'iban' } },
    contact: { type: 'object', 'x-pii': true, properties: { email: { type: 'string' } } },
    account: { type: 'number', 'x-pii': true },
    pin: { type: 'number', 'x-pii': true },
    amount: { type: 'number' },
  },
};

describe('collectPiiValues', () => {
  it('finds every value under an x-pii mark, nested or listed, and leaves unmarked ones', () => {
    const values = collectPiiValues(
      { customer: { name: 'Ines', tier: 'gold' }, ibans: ['PT50', 'DE89'], contact: { email: 'a@b.pt' }, account: 123456, pin: 7, amount: 5, extra: 'x' },
      schema,
    );
    // Numbers shorter than four digits would mask unrelated text wherever they appear.
    expect(values.sort()).toEqual(['123456', 'DE89', 'Ines', 'PT50', 'a@b.pt']);
  });

  it('finds nothing without a schema or without marks', () => {
    expect(collectPiiValues({ customer: { name: 'Ines' } }, undefined)).toEqual([]);
    expect(collectPiiValues({ amount: 5 }, { type: 'object', properties: { amount: { type: 'number' } } })).toEqual([]);
  });
});
