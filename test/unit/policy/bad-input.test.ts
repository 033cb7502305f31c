import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/src/domain/errors/index.js';
import {
  MAX_DATA_BYTES,
  MAX_RULE_DEPTH,
  MAX_RULE_NODES,
  checkPolicy,
  collectVarPaths,
  evaluatePolicy,
  runPolicyTests,
} from '../../../server/src/domain/policy/index.js';

/** Runs and returns the ValidationError thrown, failing if anything else happens. */
function refusal(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('BAD_USER_INPUT');
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

function timed<T>(run: () => T): T {
  const started = performance.now();
  const result = run();
  expect(performance.now() - started).toBeLessThan(1000);
  return result;
}

function nested(levels: number, wrap: (inner: unknown) => unknown): unknown {
  let rule: unknown = { var: 'x' };
  for (let i = 0; i < levels; i += 1) rule = wrap(rule);
  return rule;
}

describe('malformed rules', () => {
  it.each([
    [{ '>': [1, 2], '<': [1, 2] }, '', 'shape'],
    [{ and: [{}] }, '/and/0', 'shape'],
    [{ and: [true, { var: 'a', extra: 1 }] }, '/and/1', 'shape'],
    [{ '+': [1, () => 2] }, '/+/1', 'shape'],
    [{ '+': [1, new Date()] }, '/+/1', 'shape'],
    [{ '+': [1, Number.NaN] }, '/+/1', 'shape'],
    [{ '+': [1, undefined] }, '/+/1', 'shape'],
    [{ frobnicate: [1] }, '', 'unknown-operator'],
    [{ 'toString.call': [1] }, '', 'unknown-operator'],
    [{ hasOwnProperty: ['x'] }, '', 'unknown-operator'],
    [JSON.parse('{"__proto__": [1]}'), '', 'unknown-operator'],
    [{ log: 'secret' }, '', 'forbidden-operator'],
    [{ '>': [1] }, '', 'arity'],
    [{ if: [true] }, '', 'arity'],
    [{ and: [] }, '', 'arity'],
    [{ round: [1, 2, 3] }, '', 'arity'],
    [{ now: [1] }, '', 'arity'],
    [{ regex_test: ['(a+)+$', { var: 's' }] }, '/regex_test/0', 'regex-backtracking'],
  ])('%j is refused at %j (%s)', (rule, path, ruleName) => {
    const error = refusal(() => evaluatePolicy(rule, {}));
    expect(error.problems).toContainEqual(expect.objectContaining({ path, rule: ruleName }));
    expect(error.message).toContain(path || '/');
    expect(checkPolicy(rule)).toContainEqual(expect.objectContaining({ path, rule: ruleName }));
  });
});

describe('size limits', () => {
  it.each([
    ['operations', (inner: unknown) => ({ '!': inner })],
    ['arrays', (inner: unknown) => [inner]],
    ['array arguments', (inner: unknown) => ({ and: [inner] })],
  ])('a rule nested 10,000 levels deep in %s is refused without recursion', (_, wrap) => {
    const rule = nested(10_000, wrap);
    const error = timed(() => refusal(() => evaluatePolicy(rule, {})));
    expect(error.problems[0]?.rule).toBe('depth');
    expect((error.problems[0]?.path ?? '').split('/').length - 1).toBeLessThanOrEqual(MAX_RULE_DEPTH);
    expect(timed(() => checkPolicy(rule, { type: 'object' }))[0]?.rule).toBe('depth');
    expect(refusal(() => collectVarPaths(rule)).problems[0]?.rule).toBe('depth');
    expect(refusal(() => runPolicyTests(rule, [])).problems[0]?.rule).toBe('depth');
  });

  it(`accepts ${MAX_RULE_DEPTH} levels`, () => {
    const rule = nested(MAX_RULE_DEPTH - 1, (inner) => ({ '!': inner }));
    expect(evaluatePolicy(rule, { x: 1 }).result).toBe(true === ((MAX_RULE_DEPTH - 1) % 2 === 0) ? 1 : false);
  });

  it(`refuses more than ${MAX_RULE_NODES} values, even in one huge literal`, () => {
    const wide = { or: Array.from({ length: MAX_RULE_NODES }, (_, i) => ({ '==': [{ var: 'x' }, i] })) };
    expect(refusal(() => evaluatePolicy(wide, {})).problems).toEqual([expect.objectContaining({ path: '', rule: 'size' })]);
    const literal = { in: [1, new Array(5_000_000).fill(0)] };
    expect(timed(() => refusal(() => evaluatePolicy(literal, {}))).problems[0]?.rule).toBe('size');
  });

  it('refuses 10 MB of data quickly', () => {
    const data = { lines: Array.from({ length: 100_000 }, (_, i) => ({ sku: `SKU-${i}-${'x'.repeat(80)}`, amount: i })) };
    expect(JSON.stringify(data).length).toBeGreaterThan(10 * MAX_DATA_BYTES);
    const error = timed(() => refusal(() => evaluatePolicy({ var: 'lines.0.amount' }, data)));
    expect(error.problems[0]).toMatchObject({ path: '', rule: 'data-size' });
  });

  it('refuses data that is not JSON or nests too deep', () => {
    expect(refusal(() => evaluatePolicy({ var: 'a' }, { a: Number.POSITIVE_INFINITY })).problems[0]?.rule).toBe('data-json');
    expect(refusal(() => evaluatePolicy({ var: 'a' }, { a: new Map() })).problems[0]?.rule).toBe('data-json');
    expect(refusal(() => evaluatePolicy({ var: 'a' }, { a: () => 1 })).problems[0]?.rule).toBe('data-json');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(timed(() => refusal(() => evaluatePolicy({ var: 'a' }, { a: deep }))).problems[0]?.rule).toBe('data-depth');
  });

  it('stops rules whose work explodes instead of hanging', () => {
    const thousand = Array.from({ length: 1000 }, (_, i) => i);
    const nestedLoops = { map: [thousand, { map: [thousand, { '+': [{ var: '' }, 1] }] }] };
    expect(timed(() => refusal(() => evaluatePolicy(nestedLoops, {}))).problems[0]).toMatchObject({ rule: 'budget' });
    const quadratic = { reduce: [{ var: 'xs' }, { merge: [{ var: 'accumulator' }, [{ var: 'current' }]] }, []] };
    const xs = Array.from({ length: 100_000 }, (_, i) => i);
    expect(timed(() => refusal(() => evaluatePolicy(quadratic, { xs }))).problems[0]).toMatchObject({ rule: 'budget' });
    // the same rule on a small list is fine
    expect(evaluatePolicy(quadratic, { xs: [1, 2, 3] }).result).toEqual([1, 2, 3]);
  });
});

describe('prototype pollution', () => {
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

  it.each([
    ['__proto__.polluted'],
    ['constructor.prototype'],
    ['a.constructor'],
    ['prototype'],
  ])('refuses the var path %j in checks and in evaluation', (path) => {
    const rule = { '==': [{ var: path }, 1] };
    expect(checkPolicy(rule)).toEqual([expect.objectContaining({ path: '/==/0', rule: 'forbidden-path' })]);
    expect(refusal(() => evaluatePolicy(rule, { a: {} })).problems[0]).toMatchObject({ path: '/==/0', rule: 'forbidden-path' });
    expect(refusal(() => evaluatePolicy({ missing: [path] }, {})).problems[0]?.rule).toBe('forbidden-path');
  });

  it('refuses computed paths that reach the prototype while evaluating', () => {
    const rule = { var: { cat: ['__pro', 'to__.polluted'] } };
    expect(checkPolicy(rule)).toEqual([]); // cannot be known statically
    const error = refusal(() => evaluatePolicy(rule, {}));
    expect(error.problems[0]).toMatchObject({ path: '', rule: 'forbidden-path' });
    expect(refusal(() => evaluatePolicy({ missing_some: [1, [{ cat: ['const', 'ructor'] }]] }, {})).problems[0]?.rule).toBe('forbidden-path');
  });

  it('leaves Object.prototype untouched with hostile data and rules', () => {
    const data = JSON.parse('{"__proto__": {"polluted": true}, "a": {"__proto__": {"x": 1}}, "lines": [{"__proto__": {"amount": 1}}]}');
    const attempts: unknown[] = [
      { var: '__proto__' },
      { var: 'a.__proto__.x' },
      { sum_by: [{ var: 'lines' }, '__proto__.amount'] },
      { map: [{ var: 'lines' }, { var: '__proto__' }] },
      { merge: [{ var: 'a' }, { var: '' }] },
    ];
    for (const rule of attempts) {
      for (const trace of [false, true]) {
        try {
          evaluatePolicy(rule, data, { trace });
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }
    }
    expect(evaluatePolicy({ var: '' }, data, { trace: true }).trace[0]?.value).toEqual(expect.objectContaining({ a: expect.anything() }));
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses results that are not JSON (a path reaching a built-in method)', () => {
    expect(refusal(() => evaluatePolicy({ var: 'name.toUpperCase' }, { name: 'acme' })).problems[0]?.rule).toBe('non-json-result');
  });
});

describe('non-finite numbers', () => {
  it('reports a division by zero that reaches the result, at the dividing operation', () => {
    for (const trace of [false, true]) {
      const error = refusal(() => evaluatePolicy({ if: [true, { '+': [1, { '/': [{ var: 'total' }, { var: 'count' }] }] }] }, { total: 5, count: 0 }, { trace }));
      expect(error.problems[0]).toMatchObject({ path: '/if/1/+/1', rule: 'non-finite' });
      expect(error.message).toMatch(/"\/" produced Infinity/);
    }
    expect(refusal(() => evaluatePolicy({ '+': [1, { '/': [0, 0] }] }, {})).problems[0]).toMatchObject({ path: '/+/1', rule: 'non-finite' });
    expect(refusal(() => evaluatePolicy({ merge: [[1], { '/': [1, 0] }] }, {})).problems[0]?.rule).toBe('non-finite');
  });

  it('Docket operators refuse non-finite arguments instead of passing them on', () => {
    const error = refusal(() => evaluatePolicy({ round: [{ '/': [{ var: 'total' }, { var: 'count' }] }, 2] }, { total: 5, count: 0 }));
    expect(error.problems[0]).toMatchObject({ path: '', rule: 'arg-type' });
    expect(error.message).toMatch(/must be a finite number, got Infinity/);
  });

  it('leaves intermediate values to json-logic semantics and shows them in the trace', () => {
    const { result, trace } = evaluatePolicy({ '<': [{ '/': [1, 0] }, 5] }, {}, { trace: true });
    expect(result).toBe(false);
    expect(trace[1]).toMatchObject({ pointer: '/</0', value: null, nonFinite: 'Infinity' });
  });

  it('reports operator errors with the operator pointer and rule', () => {
    const error = refusal(() => evaluatePolicy({ if: [true, { pct_diff: [{ var: 'a' }, { var: 'b' }] }, 0] }, { a: 3, b: 0 }));
    expect(error.problems).toEqual([expect.objectContaining({ path: '/if/1', rule: 'division-by-zero' })]);
    expect(error.message).toMatch(/^\/if\/1 \(pct_diff\): pct_diff: the reference/);
  });

  it('turns a library exception into a located error', () => {
    const error = refusal(() => evaluatePolicy({ and: [true, { in: ['x', { var: 'weird' }] }] }, { weird: { indexOf: 5 } }));
    expect(error.problems[0]).toMatchObject({ path: '/and/1', rule: 'evaluation-error' });
  });
});
