import { describe, expect, it } from 'vitest';
import jsonLogic from 'json-logic-js';
import { collectVarPaths, evaluateCondition, evaluateMapping, inferMappingSchema, registerMappingOperation, renderText } from '../../../server/src/domain/engine/index.js';
import type { JsonSchema } from '../../../server/src/domain/template/index.js';

describe('collectVarPaths', () => {
  it.each([
    ['a plain var', { var: 'input.amount' }, [{ path: 'input.amount', pointer: '/var' }]],
    ['a var with a default', { var: ['input.source', 'upload'] }, [{ path: 'input.source', pointer: '/var/0' }]],
    ['a numeric path', { var: 1 }, [{ path: '1', pointer: '/var' }]],
    ['nested operations', { '+': [{ var: 'a' }, { '*': [{ var: 'b' }, 2] }] }, [{ path: 'a', pointer: '/+/0/var' }, { path: 'b', pointer: '/+/1/*/0/var' }]],
    ['a literal object with logic inside', { amount: { var: 'x' }, currency: 'EUR' }, [{ path: 'x', pointer: '/amount/var' }]],
    ['per-item arguments, which read the item', { some: [{ var: 'steps.terms.risks' }, { '==': [{ var: 'severity' }, 'high'] }] }, [{ path: 'steps.terms.risks', pointer: '/some/0/var' }]],
    ['the initial value of reduce', { reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'start' }] }, [{ path: 'xs', pointer: '/reduce/0/var' }, { path: 'start', pointer: '/reduce/2/var' }]],
    ['missing, which tests for absence', { missing: ['a', 'b'] }, []],
    ['a computed path', { var: { cat: ['steps.', { var: 'input.step' }] } }, [{ path: 'input.step', pointer: '/var/cat/1/var' }]],
    ['keys that need escaping', { 'a/b': { var: 'x' } }, [{ path: 'x', pointer: '/a~1b/var' }]],
  ])('finds %s', (_name, expression, expected) => {
    expect(collectVarPaths(expression)).toEqual(expected);
  });
});

describe('evaluateMapping', () => {
  const context = { input: { amount: 120, tags: ['a', 'b'] }, steps: { extract: { total: 118.5, currency: 'EUR' } } };

  it.each([
    ['logic', { '-': [{ var: 'input.amount' }, { var: 'steps.extract.total' }] }, 1.5],
    ['a literal object built field by field', { total: { var: 'steps.extract.total' }, currency: 'EUR', nested: { n: { var: 'input.amount' } } }, { total: 118.5, currency: 'EUR', nested: { n: 120 } }],
    ['a one-key object that is not an operation', { currency: { var: 'steps.extract.currency' } }, { currency: 'EUR' }],
    ['an array', [{ var: 'input.amount' }, 'x'], [120, 'x']],
    ['a missing path', { var: 'steps.review.decision' }, null],
    ['a literal', 'plain', 'plain'],
  ])('evaluates %s', (_name, mapping, expected) => {
    expect(evaluateMapping(mapping, context)).toEqual(expected);
  });

  it('treats an operation registered elsewhere as logic once it is registered for mappings', () => {
    jsonLogic.add_operation('engine_test_double', (value: unknown) => Number(value) * 2);
    const mapping = { engine_test_double: { var: 'input.amount' } };
    expect(evaluateMapping(mapping, context)).toEqual({ engine_test_double: 120 });
    registerMappingOperation('engine_test_double');
    expect(evaluateMapping(mapping, context)).toBe(240);
    expect(collectVarPaths(mapping)).toEqual([{ path: 'input.amount', pointer: '/engine_test_double/var' }]);
  });

  it.each([
    [{ '>': [{ var: 'input.amount' }, 100] }, true],
    [{ var: 'input.tags' }, true],
    [[], false],
    [{ '==': [{ var: 'steps.extract.currency' }, 'USD'] }, false],
  ])('treats condition %j as %s', (condition, expected) => {
    expect(evaluateCondition(condition, context)).toBe(expected);
  });
});

describe('inferMappingSchema', () => {
  const schemas: Record<string, JsonSchema> = { 'input.amount': { type: 'number' }, 'input.name': { type: 'string' }, 'input.flag': { type: 'boolean' } };
  const resolve = (path: string): JsonSchema | undefined => schemas[path];

  it.each([
    ['a var', { var: 'input.amount' }, { type: 'number' }],
    ['an unknown var', { var: 'input.other' }, undefined],
    ['arithmetic', { '+': [{ var: 'input.name' }, 1] }, { type: 'number' }],
    ['a comparison', { '>': [1, 2] }, { type: 'boolean' }],
    ['string concatenation', { cat: ['a', { var: 'input.amount' }] }, { type: 'string' }],
    ['an if with agreeing branches', { if: [{ var: 'input.flag' }, 'yes', 'no'] }, { type: 'string' }],
    ['an if with null and number branches', { if: [{ var: 'input.flag' }, null, { var: 'input.amount' }] }, { type: ['null', 'number'] }],
    ['an integer literal', 5, { type: 'integer' }],
    ['a literal object', { a: { var: 'input.name' }, b: 2 }, { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['a', 'b'] }],
    ['an operation it cannot type', { log: 1 }, undefined],
  ])('types %s', (_name, mapping, expected) => {
    expect(inferMappingSchema(mapping, resolve)).toEqual(expected);
  });
});

describe('renderText', () => {
  it.each([
    ['invoice {{invoice}} matches {{po}} within {{pct}}%', [{ invoice: 'INV-1', po: 'PO-7890', pct: 0.3333 }], 'invoice INV-1 matches PO-7890 within 0.33%'],
    ['route {{result}}', [{}, { result: 'manager' }], 'route manager'],
    ['{{ steps.find.best.name }} / {{missing}}', [{}, { steps: { find: { best: { name: 'Northwind' } } } }], 'Northwind / n/a'],
    ['paid: {{paid}}', [{ paid: false }], 'paid: no'],
  ])('renders %s', (template, scopes, expected) => {
    expect(renderText(template, scopes)).toBe(expected);
  });
});
