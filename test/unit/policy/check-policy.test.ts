import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPolicy, collectVarPaths } from '../../../server/src/domain/policy/index.js';

const schema = JSON.parse(readFileSync('test/fixtures/policies/invoice-input.schema.json', 'utf8')) as Record<string, unknown>;
const amountOver = (path: string) => ({ '>': [{ var: path }, 10000] });

describe('checkPolicy with an input schema', () => {
  it.each<[string, unknown, Array<[string, string]>]>([
    ['a known number compared with a number', amountOver('invoice.amount'), []],
    ['a misspelt path', amountOver('invoice.amont'), [['/>/0', 'unknown-var']]],
    ['a string compared with a number', amountOver('invoice.number'), [['/>/0', 'var-type']]],
    ['a nested pointer', { and: [true, { '>': [{ var: 'invoice.number' }, 5] }] }, [['/and/1/>/0', 'var-type']]],
    ['two strings ordered', { '<': [{ var: 'department.code' }, { var: 'invoice.number' }] }, []],
    ['a nullable number', { '>': [{ var: 'department.budget_left' }, 0] }, []],
    ['a boolean in arithmetic', { '+': [{ var: 'department.over_budget' }, 1] }, [['/+/0', 'var-type']]],
    ['sum_by on an array', { sum_by: [{ var: 'invoice.lines' }, 'amount'] }, []],
    ['sum_by on a number', { sum_by: [{ var: 'invoice.amount' }, 'amount'] }, [['/sum_by/0', 'var-type']]],
    ['a date operator on a number', { days_between: [{ var: 'invoice.issue_date' }, { var: 'invoice.amount' }] }, [['/days_between/1', 'var-type']]],
    ['between on dates', { between: [{ var: 'invoice.issue_date' }, '2024-01-01', '2024-12-31'] }, []],
    ['between a number and dates', { between: [{ var: 'invoice.amount' }, '2024-01-01', '2024-12-31'] }, [['/between/0', 'var-type']]],
    ['an array index', { var: 'invoice.lines.0.amount' }, []],
    ['an array length', { '>': [{ var: 'invoice.lines.length' }, 3] }, []],
    ['a property of an array', { var: 'invoice.lines.total' }, [['', 'unknown-var']]],
    ['a $ref inside anyOf', { var: 'vendor.name' }, []],
    ['a path missing from every branch', { var: 'vendor.nickname' }, [['', 'unknown-var']]],
    ['an open object', { var: 'meta.anything.below' }, []],
    ['additionalProperties with a schema', { '>': [{ var: 'extra.freight' }, 1] }, []],
    ['a var with a default', { var: ['invoice.nope', 0] }, [['', 'unknown-var']]],
    ['missing keys', { missing: ['invoice.amount', 'invoice.nope'] }, [['/missing/1', 'unknown-var']]],
    ['missing_some keys', { missing_some: [1, ['invoice.amount', 'nope']] }, [['/missing_some/1/1', 'unknown-var']]],
    ['an element path in some', { some: [{ var: 'invoice.lines' }, { '>': [{ var: 'amount' }, 100] }] }, []],
    ['a misspelt element path', { some: [{ var: 'invoice.lines' }, { '>': [{ var: 'amout' }, 100] }] }, [['/some/1/>/0', 'unknown-var']]],
    ['an element string ordered against a number', { all: [{ var: 'invoice.lines' }, { '>': [{ var: 'sku' }, 1] }] }, [['/all/1/>/0', 'var-type']]],
    ['the element itself', { all: [{ var: 'tags' }, { in: [{ var: '' }, 'abc'] }] }, []],
    ['elements of an array of unknown items', { map: [{ merge: [{ var: 'invoice.lines' }] }, { var: 'whatever' }] }, []],
    ['reduce over current and accumulator', { reduce: [{ var: 'invoice.lines' }, { '+': [{ var: 'current.amount' }, { var: 'accumulator' }] }, 0] }, []],
    ['a misspelt current field', { reduce: [{ var: 'invoice.lines' }, { '+': [{ var: 'current.amont' }, { var: 'accumulator' }] }, 0] }, [['/reduce/1/+/0', 'unknown-var']]],
    ['an outer path inside reduce', { reduce: [{ var: 'invoice.lines' }, { var: 'invoice.amount' }, 0] }, [['/reduce/1', 'unknown-var']]],
    ['a map over a non-array', { map: [{ var: 'invoice.amount' }, 1] }, [['/map/0', 'var-type']]],
    ['a computed path is not guessed', { var: { cat: ['invoice.', 'amount'] } }, []],
  ])('%s', (_, rule, expected) => {
    expect(checkPolicy(rule, schema).map((problem) => [problem.path, problem.rule])).toEqual(expected);
  });

  it('says what is wrong in the message', () => {
    expect(checkPolicy(amountOver('invoice.number'), schema)[0]?.message).toBe('"invoice.number" is string but ">" compares it with a number');
    expect(checkPolicy(amountOver('invoice.amont'), schema)[0]?.message).toBe('"invoice.amont" is not in the input schema (no "amont" there)');
  });

  it('checks structure without a schema and paths only with one', () => {
    expect(checkPolicy(amountOver('invoice.amont'))).toEqual([]);
    expect(checkPolicy({ and: [{ frob: [1] }, { '>': [1] }] }).map((p) => [p.path, p.rule])).toEqual([
      ['/and/0', 'unknown-operator'],
      ['/and/1', 'arity'],
    ]);
  });

  it('survives schemas with cycles and unknown references', () => {
    const cyclic = { $defs: { node: { type: 'object', properties: { next: { $ref: '#/$defs/node' }, value: { type: 'number' } } } }, $ref: '#/$defs/node' };
    expect(checkPolicy({ var: 'next.next.next.value' }, cyclic)).toEqual([]);
    expect(checkPolicy({ var: 'next.next.nope' }, cyclic).map((p) => p.rule)).toEqual(['unknown-var']);
    expect(checkPolicy({ var: 'a.b' }, { type: 'object', properties: { a: { $ref: 'https://elsewhere/schema' } } })).toEqual([]);
  });
});

describe('collectVarPaths', () => {
  it('lists input paths with their pointers, leaving out element-scoped ones', () => {
    const rule = {
      and: [
        { '>': [{ var: 'invoice.amount' }, 10000] },
        { some: [{ var: 'invoice.lines' }, { '>': [{ var: 'amount' }, 100] }] },
        { reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'start' }] },
        { missing: ['vendor.id'] },
        { missing_some: [1, ['a', 'b']] },
        { var: { cat: ['dyn', { var: 'suffix' }] } },
        { var: ['with.default', 0] },
        { var: '' },
      ],
    };
    expect(collectVarPaths(rule)).toEqual([
      { path: 'invoice.amount', pointer: '/and/0/>/0' },
      { path: 'invoice.lines', pointer: '/and/1/some/0' },
      { path: 'xs', pointer: '/and/2/reduce/0' },
      { path: 'start', pointer: '/and/2/reduce/2' },
      { path: 'vendor.id', pointer: '/and/3/missing/0' },
      { path: 'a', pointer: '/and/4/missing_some/1/0' },
      { path: 'b', pointer: '/and/4/missing_some/1/1' },
      { path: 'suffix', pointer: '/and/5/var/cat/1' },
      { path: 'with.default', pointer: '/and/6' },
      { path: '', pointer: '/and/7' },
    ]);
  });

  it('handles scalar rules and numeric paths', () => {
    expect(collectVarPaths(true)).toEqual([]);
    expect(collectVarPaths({ var: 1 })).toEqual([{ path: '1', pointer: '' }]);
  });
});
