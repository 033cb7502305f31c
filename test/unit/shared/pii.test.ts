import { describe, expect, it } from 'vitest';
import { hasPii, isPiiAt, maskPii, PII_MASK } from '../../../server/src/domain/shared/pii.js';

const schema = {
  type: 'object',
  properties: {
    customer: { type: 'object', properties: { name: { type: 'string', 'x-pii': true }, tier: { type: 'string' } } },
    ibans: { type: 'array', items: { type: 'string', 'x-pii': 'iban' } },
    contact: { type: 'object', 'x-pii': true, properties: { email: { type: 'string' } } },
    amount: { type: 'number' },
  },
};

describe('PII masking', () => {
  it('masks marked fields, leaves the rest', () => {
    expect(maskPii({ customer: { name: 'Ines', tier: 'gold' }, ibans: ['PT50', 'DE89'], contact: { email: 'a@b' }, amount: 5, extra: 'x' }, schema)).toEqual({
      customer: { name: PII_MASK, tier: 'gold' }, ibans: [PII_MASK, PII_MASK], contact: PII_MASK, amount: 5, extra: 'x',
    });
  });

  it.each([
    ['/customer/name', true], ['/customer/tier', false], ['/ibans/1', true], ['/contact/email', true], ['/amount', false], ['/unknown', false], ['', false],
  ])('isPiiAt(%s) is %s', (pointer, expected) => {
    expect(isPiiAt(schema, pointer)).toBe(expected);
  });

  it('tells whether a schema holds PII at all', () => {
    expect(hasPii(schema)).toBe(true);
    expect(hasPii({ type: 'object', properties: { amount: { type: 'number' } } })).toBe(false);
  });
});

describe('collectPiiValues', () => {
  it('finds every value under an x-pii mark, nested or listed', async () => {
    const { collectPiiValues } = await import('../../../server/src/domain/shared/pii.js');
    const values = collectPiiValues({ customer: { name: 'Ines', tier: 'gold' }, ibans: ['PT50', 'DE89'], contact: { email: 'a@b.pt' }, amount: 5 }, schema);
    expect(values.sort()).toEqual(['DE89', 'Ines', 'PT50', 'a@b.pt']);
  });
});
