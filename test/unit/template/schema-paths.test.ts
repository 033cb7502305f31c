import { describe, expect, it } from 'vitest';
import { describeType, isTypeCompatible, resolveSchemaPath, type JsonSchema } from '../../../server/src/domain/template/index.js';

const invoice: JsonSchema = {
  type: 'object',
  properties: {
    total: { type: 'number' },
    vendor: { type: ['object', 'null'], properties: { name: { type: 'string' } } },
    lines: { type: 'array', items: { type: 'object', properties: { amount: { type: 'number' } } } },
    pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] },
    meta: { type: 'object' },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  },
};

describe('resolveSchemaPath', () => {
  it.each([
    ['total', { kind: 'found', schema: { type: 'number' } }],
    ['vendor.name', { kind: 'found', schema: { type: 'string' } }],
    ['lines.0.amount', { kind: 'found', schema: { type: 'number' } }],
    ['lines.length', { kind: 'found', schema: { type: 'integer' } }],
    ['pair.1', { kind: 'found', schema: { type: 'integer' } }],
    ['tags.anything', { kind: 'found', schema: { type: 'string' } }],
    ['meta.anything', { kind: 'unknown' }],
    ['either.x', { kind: 'unknown' }],
    ['totl', { kind: 'missing', depth: 0, available: ['total', 'vendor', 'lines', 'pair', 'meta', 'tags', 'either'] }],
    ['vendor.vat', { kind: 'missing', depth: 1, available: ['name'] }],
    ['lines.first', { kind: 'missing', depth: 1, available: ['length', '<index>'] }],
    ['total.cents', { kind: 'missing', depth: 1, available: [] }],
  ])('resolves %s', (path, expected) => {
    expect(resolveSchemaPath(invoice, path.split('.'))).toEqual(expected);
  });
});

describe('isTypeCompatible', () => {
  it.each([
    [{ type: 'number' }, { type: 'integer' }, true],
    [{ type: 'integer' }, { type: 'number' }, true],
    [{ type: 'string' }, { type: 'number' }, false],
    [{ type: 'string' }, { type: ['string', 'null'] }, true],
    [{ type: ['number', 'null'] }, { type: 'boolean' }, false],
    [{}, { type: 'boolean' }, true],
    [{ type: 'boolean' }, undefined, true],
  ])('expected %j, given %j: %s', (expected, actual, compatible) => {
    expect(isTypeCompatible(expected, actual)).toBe(compatible);
  });

  it.each([
    [{ type: 'integer' }, 'an integer'],
    [{ type: ['string', 'null'] }, 'a string'],
    [{ type: ['number', 'boolean'] }, 'a number or a boolean'],
    [{}, 'a value of any type'],
  ])('describes %j as %s', (schema, words) => {
    expect(describeType(schema)).toBe(words);
  });
});
