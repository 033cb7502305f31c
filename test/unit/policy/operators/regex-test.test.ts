import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_REGEX_INPUT_LENGTH, MAX_REGEX_PATTERN_LENGTH, evaluatePolicy } from '../../../../server/src/domain/policy/index.js';
import { regexTestOperator } from '../../../../server/src/domain/policy/operators/regex-test.js';
import { expectRefusal } from './helpers.js';

describe('regex_test', () => {
  it.each([
    ['^[A-Z]{2}[0-9A-Z]{8,12}$', 'DE811907980', true],
    ['^[A-Z]{2}[0-9A-Z]{8,12}$', 'DE-1234', false],
    ['INV-\\d+', 'ref INV-2024 paid', true],
    ['^\\s*$', '   ', true],
    ['colou?r', 'color', true],
    ['\\bnet\\s+30\\b', 'Payment: Net 30 days', false],
    ['(?:net|payment due)\\s+\\d+', 'payment due 45', true],
    ['[^a-z]', 'abc', false],
    ['a.c', 'a\nc', false],
    ['^(ab){2}$', 'abab', true],
    ['^(?<year>\\d{4})-\\d{2}$', '2024-05', true],
    ['\\u00e9', 'café', true],
    ['', 'anything', true],
  ])('%j on %j is %s', (pattern, input, expected) => {
    expect(regexTestOperator.apply(pattern, input)).toBe(expected);
  });

  it('supports the "i" flag only', () => {
    expect(regexTestOperator.apply('\\bnet\\s+30\\b', 'Payment: Net 30 days', 'i')).toBe(true);
    expectRefusal(regexTestOperator, ['a', 'a', 'g'], 'arg-type', /only flag supported is "i"/);
  });

  it.each([
    ['(a+)+$', 'regex-backtracking', /nested quantifiers/],
    ['(a*)*b', 'regex-backtracking', /nested quantifiers/],
    ['^(\\w+\\s?)+$', 'regex-backtracking', /nested quantifiers/],
    ['(a|a)*$', 'regex-backtracking', /repeated alternation/],
    ['(x|xy){3,}', 'regex-backtracking', /repeated alternation/],
    ['(a)\\1', 'regex-unsupported', /backreferences/],
    ['(?=a)b', 'regex-unsupported', /lookahead/],
    ['a{1000}', 'regex-too-large', /counted repetition/],
    ['(ab{99}){99}', 'regex-backtracking', /nested quantifiers/],
    ['[a-', 'regex-syntax', /unterminated character class/],
    ['(abc', 'regex-syntax', /unterminated group/],
    ['a**', 'regex-syntax', /nothing to repeat/],
    ['\\q', 'regex-unsupported', /unknown escape/],
  ])('refuses %j with %s', (pattern, rule, message) => {
    expectRefusal(regexTestOperator, [pattern, 'aaaa'], rule, message);
  });

  it('bounds the pattern and the input length', () => {
    expectRefusal(regexTestOperator, ['a'.repeat(MAX_REGEX_PATTERN_LENGTH + 1), 'a'], 'too-long');
    expectRefusal(regexTestOperator, ['a', 'a'.repeat(MAX_REGEX_INPUT_LENGTH + 1)], 'too-long');
    expectRefusal(regexTestOperator, ['a', null], 'arg-type');
  });

  it('stays linear on inputs that make backtracking engines crawl', () => {
    const input = `${'x'.repeat(MAX_REGEX_INPUT_LENGTH - 1)}!`;
    const started = performance.now();
    // polynomial for a backtracking engine: O(n^4) candidate splits
    expect(regexTestOperator.apply('.*x.*x.*x.*y', input)).toBe(false);
    expect(regexTestOperator.apply('\\s*\\s*\\s*[a-w]', ' '.repeat(MAX_REGEX_INPUT_LENGTH))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a crafted pattern fails fast through evaluatePolicy with the operator pointer', () => {
    const rule = { and: [true, { regex_test: [{ var: 'pattern' }, { var: 'text' }] }] };
    const started = performance.now();
    expect(() => evaluatePolicy(rule, { pattern: '^(a+)+$', text: `${'a'.repeat(40)}!` })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', problems: [expect.objectContaining({ path: '/and/1', rule: 'regex-backtracking' })] }),
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers like JavaScript RegExp on the patterns it accepts', () => {
    const atom = fc.constantFrom('a', 'b', '.', '\\d', '\\w', '\\s', '[ab]', '[^a]', '[a-c]', 'x', '\\.', '-');
    const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,2}', '{0,}');
    const piece = fc.tuple(atom, quantifier).map(([a, q]) => a + q);
    const group = fc.array(piece, { minLength: 1, maxLength: 3 }).map((pieces) => `(?:${pieces.join('')})`);
    const alternation = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 2 }), fc.array(piece, { minLength: 1, maxLength: 2 }))
      .map(([left, right]) => `(${left.join('')}|${right.join('')})`);
    const pattern = fc
      .tuple(
        fc.constantFrom('', '^', '\\b'),
        fc.array(fc.oneof(piece, piece, group, alternation), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('', '$', '\\b'),
      )
      .map(([start, parts, end]) => start + parts.join('') + end);
    const input = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x', '1', ' ', '.', '-', 'A', '\n'), maxLength: 12 });
    fc.assert(
      fc.property(pattern, input, fc.boolean(), (source, text, ignoreCase) => {
        let ours: unknown;
        try {
          ours = regexTestOperator.apply(source, text, ignoreCase ? 'i' : '');
        } catch {
          return; // refused shapes (nested quantifiers, repeated alternation) are covered above
        }
        expect(ours).toBe(new RegExp(source, ignoreCase ? 'i' : '').test(text));
      }),
      { numRuns: 3000 },
    );
  });
});
