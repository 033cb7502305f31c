import { describe, expect, it } from 'vitest';
import { canonicalJson, hashContent } from '../../../server/src/domain/shared/canonical-json.js';
import { assertValid, validateAgainst } from '../../../server/src/domain/shared/json-schema.js';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [2, { d: null, c: 'x' }] }, '{"a":[2,{"c":"x","d":null}],"b":1}'],
    [{ a: undefined, b: 'é' }, '{"b":"é"}'],
    [[], '[]'],
    ['s"q', '"s\\"q"'],
  ])('serializes %j as %s', (input, expected) => {
    expect(canonicalJson(input)).toBe(expected);
  });

  it('hashes equal content equally regardless of key order', () => {
    expect(hashContent({ x: 1, y: { b: 2, a: 1 } })).toBe(hashContent({ y: { a: 1, b: 2 }, x: 1 }));
    expect(hashContent({ x: 1 })).not.toBe(hashContent({ x: 2 }));
  });

  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('json schema validation', () => {
  const schema = {
    type: 'object',
    required: ['amount'],
    properties: { amount: { type: 'number' }, lines: { type: 'array', items: { type: 'object', properties: { qty: { type: 'integer' } } } } },
  };

  it('reports JSON pointers and rules', () => {
    expect(validateAgainst(schema, { lines: [{ qty: 1.5 }] })).toEqual([
      { path: '/amount', rule: 'required', message: "must have required property 'amount'" },
      { path: '/lines/0/qty', rule: 'type', message: 'must be integer' },
    ]);
  });

  it('throws a BAD_USER_INPUT error naming the field', () => {
    expect(() => assertValid(schema, {}, 'invoice')).toThrow(/invalid invoice: \/amount/);
  });
});

describe('user schemas with $id', () => {
  it('compile and check repeatedly without id collisions', async () => {
    const { checkSchema, validateAgainst: validate } = await import('../../../server/src/domain/shared/json-schema.js');
    const make = () => ({ $id: 'https://example.com/invoice', type: 'object', properties: { n: { type: 'number' } } });
    expect(checkSchema(make())).toEqual([]);
    expect(checkSchema(make())).toEqual([]);
    expect(validate(make(), { n: 'x' })).toHaveLength(1);
    expect(validate(make(), { n: 1 })).toEqual([]);
  });
});
