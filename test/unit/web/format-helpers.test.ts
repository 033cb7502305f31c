import { describe, expect, it } from 'vitest';
import { formatCost, formatCount, formatDuration, measureElapsed } from '../../../web/src/lib/format-number.js';
import { escapePointerToken, splitPointer, unescapePointerToken } from '../../../web/src/lib/json-pointer.js';
import { formatCompactJson, formatJson, parseJsonText } from '../../../web/src/lib/json-text.js';

describe('formatDuration', () => {
  it.each([
    { ms: null, text: '—' },
    { ms: -1, text: '—' },
    { ms: 0, text: '0 ms' },
    { ms: 27.4, text: '27 ms' },
    { ms: 1400, text: '1.4 s' },
    { ms: 42_000, text: '42 s' },
    { ms: 120_000, text: '2 min' },
    { ms: 125_000, text: '2 min 5 s' },
  ])('$ms → $text', ({ ms, text }) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatCost and formatCount', () => {
  it.each([
    { usd: 0, text: '$0.00' },
    { usd: 0.00042, text: '$0.0004' },
    { usd: 1.5, text: '$1.50' },
  ])('$usd → $text', ({ usd, text }) => {
    expect(formatCost(usd)).toBe(text);
  });

  it('pluralizes', () => {
    expect(formatCount(1, 'token')).toBe('1 token');
    expect(formatCount(1234, 'token')).toBe('1,234 tokens');
    expect(formatCount(2, 'entry', 'entries')).toBe('2 entries');
  });
});

describe('measureElapsed', () => {
  it('measures between two timestamps, and not while one is missing', () => {
    expect(measureElapsed('2025-01-01T00:00:00Z', '2025-01-01T00:00:02.5Z')).toBe(2500);
    expect(measureElapsed('2025-01-01T00:00:00Z', null)).toBeNull();
    expect(measureElapsed('2025-01-01T00:00:02Z', '2025-01-01T00:00:00Z')).toBeNull();
  });
});

describe('parseJsonText', () => {
  it('reads JSON', () => {
    expect(parseJsonText(' {"amount": 90} ')).toEqual({ ok: true, value: { amount: 90 } });
    expect(parseJsonText('null')).toEqual({ ok: true, value: null });
  });

  it('asks for something when empty', () => {
    expect(parseJsonText('  ')).toEqual({ ok: false, message: 'Enter a JSON value, for example {}.' });
  });

  it('says where broken JSON stops being JSON', () => {
    const result = parseJsonText('{\n  "amount": 90,\n}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^This is not valid JSON/);
    if (!result.ok) expect(result.message).toMatch(/line 3, column 1/);
  });
});

describe('JSON formatting', () => {
  it('indents for reading and writes compact one-liners', () => {
    expect(formatJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(formatJson(undefined)).toBe('');
    expect(formatCompactJson({ '>': [15450, 10000] })).toBe('{">": [15450, 10000]}');
    expect(formatCompactJson([null, 'a', { b: true }])).toBe('[null, "a", {"b": true}]');
  });
});

describe('JSON pointers', () => {
  it.each([
    { pointer: '', tokens: [] },
    { pointer: '/', tokens: [''] },
    { pointer: '/steps/extract/amount', tokens: ['steps', 'extract', 'amount'] },
    { pointer: '/edits/~1steps~1extract~1amount', tokens: ['edits', '/steps/extract/amount'] },
    { pointer: '/a~0b', tokens: ['a~b'] },
  ])('$pointer', ({ pointer, tokens }) => {
    expect(splitPointer(pointer)).toEqual(tokens);
  });

  it('escapes and unescapes a token both ways', () => {
    expect(escapePointerToken('/a~b')).toBe('~1a~0b');
    expect(unescapePointerToken(escapePointerToken('~1/~0'))).toBe('~1/~0');
  });
});
