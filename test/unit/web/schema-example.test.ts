import { describe, expect, it } from 'vitest';
import { buildExampleFromSchema } from '../../../web/src/lib/schema-example.js';

const refundInput = {
  type: 'object',
  required: ['customer_name', 'email_body'],
  additionalProperties: false,
  properties: {
    customer_name: { type: 'string', minLength: 1, 'x-pii': true },
    email_body: { type: 'string', minLength: 1 },
  },
};

describe('buildExampleFromSchema', () => {
  it('fills every property of a template input schema with a placeholder', () => {
    expect(buildExampleFromSchema(refundInput)).toEqual({ customer_name: 'customer name', email_body: 'email body' });
  });

  it('lists required properties in the order of `required`, whatever the order of `properties`', () => {
    const stored = { ...refundInput, properties: { email_body: refundInput.properties.email_body, customer_name: refundInput.properties.customer_name } };
    expect(Object.keys(buildExampleFromSchema(stored) as object)).toEqual(['customer_name', 'email_body']);
  });

  it.each([
    { name: 'const wins', schema: { type: 'string', const: 'fixed', default: 'other' }, example: 'fixed' },
    { name: 'default', schema: { type: 'number', default: 12 }, example: 12 },
    { name: 'first example', schema: { type: 'string', examples: ['INV-1', 'INV-2'] }, example: 'INV-1' },
    { name: 'first enum value', schema: { type: 'string', enum: ['email', 'upload'] }, example: 'email' },
    { name: 'date format', schema: { type: 'string', format: 'date' }, example: '2025-01-31' },
    { name: 'email format', schema: { type: 'string', format: 'email' }, example: 'name@example.com' },
    { name: 'minLength pads', schema: { type: 'string', minLength: 8 }, example: 'textxxxx' },
    { name: 'maxLength cuts', schema: { type: 'string', maxLength: 2 }, example: 'te' },
    { name: 'number minimum', schema: { type: 'number', minimum: 5 }, example: 5 },
    { name: 'exclusive minimum', schema: { type: 'integer', exclusiveMinimum: 0 }, example: 1 },
    { name: 'maximum below zero', schema: { type: 'number', maximum: -3 }, example: -3 },
    { name: 'multipleOf', schema: { type: 'integer', minimum: 7, multipleOf: 5 }, example: 10 },
    { name: 'boolean', schema: { type: 'boolean' }, example: false },
    { name: 'null', schema: { type: 'null' }, example: null },
    { name: 'nullable type list', schema: { type: ['null', 'integer'] }, example: 0 },
    { name: 'array of one item', schema: { type: 'array', items: { type: 'number' } }, example: [0] },
    { name: 'array minItems', schema: { type: 'array', minItems: 2, items: { type: 'boolean' } }, example: [false, false] },
    { name: 'array without items', schema: { type: 'array' }, example: [] },
    { name: 'prefixItems', schema: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] }, example: ['text', 0] },
    { name: 'type inferred from properties', schema: { properties: { a: { type: 'integer' } } }, example: { a: 0 } },
    { name: 'oneOf skips null', schema: { oneOf: [{ type: 'null' }, { type: 'string', format: 'uuid' }] }, example: '00000000-0000-4000-8000-000000000000' },
    { name: 'allOf merges objects', schema: { allOf: [{ properties: { a: { type: 'boolean' } } }, { properties: { b: { const: 1 } } }] }, example: { a: false, b: 1 } },
    { name: 'not a schema', schema: true, example: null },
    { name: 'no schema', schema: undefined, example: null },
  ])('$name', ({ schema, example }) => {
    expect(buildExampleFromSchema(schema)).toEqual(example);
  });

  it('names nested string placeholders after their property', () => {
    const schema = { type: 'object', properties: { vendor: { type: 'object', properties: { vat_id: { type: 'string' } } } } };
    expect(buildExampleFromSchema(schema)).toEqual({ vendor: { vat_id: 'vat id' } });
  });

  it('can leave optional properties out, but keeps required ones missing from properties', () => {
    const schema = { type: 'object', required: ['a', 'c'], properties: { a: { type: 'integer' }, b: { type: 'string' } } };
    expect(buildExampleFromSchema(schema, { requiredOnly: true })).toEqual({ a: 0, c: null });
    expect(Object.keys(buildExampleFromSchema(schema) as object)).toEqual(['a', 'c', 'b']);
  });

  it('follows local $refs and stops on cycles', () => {
    const schema = {
      type: 'object',
      properties: { line: { $ref: '#/$defs/line' } },
      $defs: { line: { type: 'object', properties: { amount: { type: 'number', minimum: 1 }, next: { $ref: '#/$defs/line' } } } },
    };
    const example = buildExampleFromSchema(schema) as { line: { amount: number; next: unknown } };
    expect(example.line.amount).toBe(1);
    expect(JSON.stringify(example).length).toBeLessThan(2000);
    expect(buildExampleFromSchema({ $ref: 'https://elsewhere/schema.json' })).toBeNull();
  });
});
