import { describe, expect, it } from 'vitest';
import { evaluateAssertions, type PromptAssertion } from '../../../server/src/domain/prompt/index.js';

const schema = {
  type: 'object',
  required: ['total', 'vendor'],
  properties: { total: { type: 'number' }, vendor: { type: 'string' }, lines: { type: 'array' }, 'a/b': { type: 'string' } },
};
const output = {
  total: 1780.8,
  vendor: 'Northwind Stationery Ltd',
  po_number: null,
  lines: [{ sku: 'TK-5240', qty: 12 }, 'carriage paid'],
  tags: ['urgent', 'paper'],
  'a/b': 'slash key',
};

describe('evaluateAssertions', () => {
  it.each<[PromptAssertion, boolean, unknown]>([
    [{ type: 'schema_valid' }, true, output],
    [{ type: 'equals', path: '/vendor', value: 'Northwind Stationery Ltd' }, true, 'Northwind Stationery Ltd'],
    [{ type: 'equals', path: '/po_number', value: null }, true, null],
    [{ type: 'equals', path: '/missing', value: null }, false, undefined],
    [{ type: 'equals', path: '/lines/0', value: { qty: 12, sku: 'TK-5240' } }, true, { sku: 'TK-5240', qty: 12 }],
    [{ type: 'equals', path: '/a~1b', value: 'slash key' }, true, 'slash key'],
    [{ type: 'within', path: '/total', value: 1780.79, tolerance: 0.01 }, true, 1780.8],
    [{ type: 'within', path: '/total', value: 1700, tolerance: 50 }, false, 1780.8],
    [{ type: 'within', path: '/vendor', value: 1, tolerance: 1 }, false, 'Northwind Stationery Ltd'],
    [{ type: 'contains', path: '/vendor', text: 'Northwind' }, true, 'Northwind Stationery Ltd'],
    [{ type: 'contains', path: '/tags', text: 'urgent' }, true, ['urgent', 'paper']],
    [{ type: 'contains', path: '/lines', text: 'TK-5240' }, true, output.lines],
    [{ type: 'contains', text: 'carriage' }, true, output],
    [{ type: 'contains', path: '/nope', text: 'x' }, false, undefined],
    [{ type: 'not_contains', path: '/vendor', text: 'Acme' }, true, 'Northwind Stationery Ltd'],
    [{ type: 'not_contains', text: 'paper' }, false, output],
  ])('%j → passed %s', (assertion, passed, actual) => {
    const [result] = evaluateAssertions(output, schema, [assertion]);
    expect(result).toMatchObject({ assertion, passed });
    expect(result?.actual).toEqual(actual);
    expect(result?.message).toEqual(expect.any(String));
  });

  it('reports schema problems in the message and as actual', () => {
    const [result] = evaluateAssertions({ total: 'ten' }, schema, [{ type: 'schema_valid' }]);
    expect(result?.passed).toBe(false);
    expect(result?.message).toContain('/total must be number');
    expect(result?.message).toContain('/vendor');
  });

  it('never throws on odd output', () => {
    const assertions: PromptAssertion[] = [
      { type: 'equals', path: '/a/b', value: 1 },
      { type: 'within', path: '/0', value: 1, tolerance: 0 },
      { type: 'contains', text: 'zzz' },
    ];
    for (const odd of [null, 'text', 42, [], undefined]) {
      expect(evaluateAssertions(odd, schema, assertions).every((result) => !result.passed)).toBe(true);
    }
  });

  it('says why an equals failed', () => {
    const [result] = evaluateAssertions(output, schema, [{ type: 'equals', path: '/total', value: 10 }]);
    expect(result?.message).toBe('/total is 1780.8, expected 10');
  });
});
