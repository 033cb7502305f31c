import { describe, expect, it } from 'vitest';
import { pseudonymizeVariables, reidentify } from '../../../server/src/domain/prompt/index.js';

const schema = {
  type: 'object',
  properties: {
    customer: { type: 'object', properties: { name: { type: 'string', 'x-pii': 'person' }, iban: { type: 'string', 'x-pii': 'iban' } } },
    contacts: { type: 'array', items: { type: 'string', 'x-pii': 'email' } },
    note: { type: 'string', 'x-pii': true },
    email_body: { type: 'string' },
    amount: { type: 'number' },
  },
};

describe('pseudonymizeVariables', () => {
  const variables = {
    customer: { name: 'Ines Duarte', iban: 'PT50 0002 0123 1234 5678 9015 4' },
    contacts: ['ines@example.pt', 'billing@example.pt'],
    note: 'VIP',
    email_body: 'Hello, this is Ines Duarte. Refund to PT50 0002 0123 1234 5678 9015 4 please; cc ines@example.pt.',
    amount: 64.9,
  };
  const { variables: sent, pseudonyms } = pseudonymizeVariables(variables, schema);

  it('replaces x-pii values with stable, typed tokens everywhere they occur', () => {
    expect(sent).toEqual({
      customer: { name: 'PERSON_1', iban: 'IBAN_1' },
      contacts: ['EMAIL_1', 'EMAIL_2'],
      note: 'PII_1',
      email_body: 'Hello, this is PERSON_1. Refund to IBAN_1 please; cc EMAIL_1.',
      amount: 64.9,
    });
    const text = JSON.stringify(sent);
    for (const p of pseudonyms) expect(text).not.toContain(p.value);
  });

  it('restores the values in the model answer', () => {
    const answer = { customer_name: 'PERSON_1', refund_to: 'IBAN_1', summary: 'PERSON_1 asks for 64.90 to IBAN_1', other: 'PERSON_12' };
    expect(reidentify(answer, pseudonyms)).toEqual({
      customer_name: 'Ines Duarte',
      refund_to: 'PT50 0002 0123 1234 5678 9015 4',
      summary: 'Ines Duarte asks for 64.90 to PT50 0002 0123 1234 5678 9015 4',
      other: 'PERSON_12',
    });
  });

  it('leaves inputs without x-pii untouched', () => {
    const plain = { email_body: 'hello', amount: 1 };
    expect(pseudonymizeVariables(plain, schema)).toEqual({ variables: plain, pseudonyms: [] });
    expect(pseudonymizeVariables(plain, undefined).pseudonyms).toEqual([]);
  });
});
