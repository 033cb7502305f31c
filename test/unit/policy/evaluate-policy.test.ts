import { describe, expect, it } from 'vitest';
import { evaluatePolicy, type TraceEntry } from '../../../server/src/domain/policy/index.js';
import { fixedClock } from '../../../server/src/domain/shared/clock.js';

const clock = fixedClock('2025-03-01T09:30:00Z');
const cfoRule = { and: [{ '>': [{ var: 'amount' }, 10000] }, { var: 'department.over_budget' }] };
const route = {
  if: [
    { and: [{ '>': [{ var: 'invoice.amount' }, 10000] }, { var: 'department.over_budget' }] }, 'cfo',
    { '>': [{ var: 'invoice.amount' }, 10000] }, 'finance_manager',
    'auto',
  ],
};
const routeData = (amount: number, overBudget: boolean) => ({ invoice: { amount }, department: { over_budget: overBudget } });
const at = (trace: TraceEntry[], pointer: string) => trace.filter((entry) => entry.pointer === pointer);

describe('evaluatePolicy', () => {
  it('traces each operation with its pointer, arguments and value', () => {
    const evaluation = evaluatePolicy(cfoRule, { amount: 15450, department: { over_budget: true } }, { trace: true });
    expect(evaluation.result).toBe(true);
    expect(evaluation.trace).toEqual([
      { pointer: '', operator: 'and', evaluated: true, args: [true, true], branch: 'all-truthy', value: true },
      { pointer: '/and/0', operator: '>', evaluated: true, args: [15450, 10000], value: true },
      { pointer: '/and/0/>/0', operator: 'var', evaluated: true, args: ['amount'], value: 15450 },
      { pointer: '/and/1', operator: 'var', evaluated: true, args: ['department.over_budget'], value: true },
    ]);
    expect(evaluation.varsRead).toEqual([
      { path: 'amount', value: 15450 },
      { path: 'department.over_budget', value: true },
    ]);
    expect(evaluation.explanation).toBe('true because amount 15450 > 10000 and department.over_budget is true');
  });

  it('without trace returns the same result and no trace', () => {
    const evaluation = evaluatePolicy(cfoRule, { amount: 15450, department: { over_budget: true } });
    expect(evaluation).toMatchObject({ result: true, trace: [], varsRead: [], traceTruncated: false });
    expect(evaluation.explanation).toMatch(/^true \(evaluated without trace/);
  });

  it.each([
    [routeData(15450, true), 'cfo', '"cfo" because invoice.amount 15450 > 10000 and department.over_budget is true'],
    [routeData(15450, false), 'finance_manager', '"finance_manager" because invoice.amount 15450 > 10000'],
    [routeData(800, true), 'auto', '"auto" because invoice.amount 800 > 10000 is false'],
  ])('explains which branch was taken and why (%j)', (data, result, explanation) => {
    const evaluation = evaluatePolicy(route, data, { trace: true });
    expect(evaluation.result).toBe(result);
    expect(evaluation.explanation).toBe(explanation);
  });

  it('keeps if lazy: untaken branches appear as not evaluated', () => {
    const rule = { if: [{ var: 'ok' }, { '+': [{ var: 'a' }, 1] }, { '*': [{ var: 'b' }, 2] }] };
    const { trace, result } = evaluatePolicy(rule, { ok: true, a: 1, b: 2 }, { trace: true });
    expect(result).toBe(2);
    expect(at(trace, '')[0]).toMatchObject({ branch: 'then', unevaluated: [2], args: [true, 2, null] });
    expect(at(trace, '/if/2')[0]).toEqual({ pointer: '/if/2', operator: '*', evaluated: false });
    expect(at(trace, '/if/2/*/0')[0]).toEqual({ pointer: '/if/2/*/0', operator: 'var', evaluated: false });
    expect(trace.filter((entry) => !entry.evaluated).map((entry) => entry.pointer)).toEqual(['/if/2', '/if/2/*/0']);
  });

  const boom = { pct_diff: [1, 0] }; // throws if it is ever evaluated
  it.each<[string, unknown, unknown, string]>([
    ['if', { if: [true, 1, boom] }, 1, '/if/2'],
    ['?:', { '?:': [false, boom, 2] }, 2, '/?:/1'],
    ['and', { and: [0, boom] }, 0, '/and/1'],
    ['or', { or: ['yes', boom] }, 'yes', '/or/1'],
    ['map', { map: [[], boom] }, [], '/map/1'],
    ['filter', { filter: [{ var: 'absent' }, boom] }, [], '/filter/1'],
    ['reduce', { reduce: [[], boom, 0] }, 0, '/reduce/1'],
    ['all', { all: [[0, 1], { if: [{ var: '' }, boom, false] }] }, false, '/all/1/if/1'],
    ['none', { none: [[1, 2], { if: [true, true, boom] }] }, false, '/none/1/if/2'],
    ['some', { some: [[1, 2], { or: [{ var: '' }, boom] }] }, true, '/some/1/or/1'],
  ])('%s leaves what it does not need unevaluated', (_, rule, expected, skipped) => {
    expect(evaluatePolicy(rule, {}).result).toEqual(expected);
    const { result, trace } = evaluatePolicy(rule, {}, { trace: true });
    expect(result).toEqual(expected);
    const entries = at(trace, skipped);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => !entry.evaluated)).toBe(true);
  });

  it('keeps and/or short-circuits: operands after the deciding one are not evaluated', () => {
    const rule = { or: [{ var: 'a' }, { var: 'b' }, { pct_diff: [1, 0] }] };
    const { trace, result } = evaluatePolicy({ and: [true, rule] }, { a: 0, b: 'yes' }, { trace: true });
    expect(result).toBe('yes');
    expect(at(trace, '/and/1')[0]).toMatchObject({ branch: 'truthy-1', unevaluated: [2] });
    expect(at(trace, '/and/1/or/2')[0]?.evaluated).toBe(false);
  });

  it('traces scoped bodies once per element, and not at all over an empty array', () => {
    const rule = { some: [{ var: 'lines' }, { '>': [{ var: 'amount' }, 100] }] };
    const { trace, result } = evaluatePolicy(rule, { lines: [{ amount: 50 }, { amount: 150 }, { amount: 500 }] }, { trace: true });
    expect(result).toBe(true);
    expect(at(trace, '/some/1').map((entry) => [entry.iteration, entry.value])).toEqual([
      [[0], false],
      [[1], true],
    ]);
    const empty = evaluatePolicy(rule, { lines: [] }, { trace: true });
    expect(at(empty.trace, '/some/1')).toEqual([{ pointer: '/some/1', operator: '>', evaluated: false }]);
    // element reads are not input reads
    expect(empty.varsRead).toEqual([{ path: 'lines', value: [] }]);
  });

  it('traces reduce with current and accumulator, initial value from the outer scope', () => {
    const rule = { reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'start' }] };
    const { result, varsRead } = evaluatePolicy(rule, { xs: [1, 2, 3], start: 10 }, { trace: true });
    expect(result).toBe(16);
    expect(varsRead.map((read) => read.path)).toEqual(['xs', 'start']);
  });

  it('escapes operator names in pointers', () => {
    const { trace } = evaluatePolicy({ '/': [{ var: 'a' }, 4] }, { a: 10 }, { trace: true });
    expect(trace.map((entry) => entry.pointer)).toEqual(['', '/~1/0']);
  });

  it('cuts long values in traces but not in results', () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({ amount: i }));
    const { trace, result } = evaluatePolicy({ sum_by: [{ var: 'lines' }, 'amount'] }, { lines }, { trace: true });
    expect(result).toBe(1225);
    expect(trace[0]?.args?.[0]).toHaveLength(11);
    expect((trace[0]?.args?.[0] as unknown[])[10]).toBe('… 40 more');
  });

  it('reads the clock only through the options', () => {
    const rule = { if: [{ '>': [{ days_between: [{ var: 'due' }, { now: [] }] }, 0] }, 'overdue', 'open'] };
    expect(evaluatePolicy(rule, { due: '2025-02-28' }, { clock }).result).toBe('overdue');
    expect(evaluatePolicy(rule, { due: '2025-03-01' }, { clock }).result).toBe('open');
    expect(evaluatePolicy(rule, { due: '2025-02-28' }, { clock: fixedClock('2025-02-01T00:00:00Z'), trace: true }).result).toBe('open');
  });

  it('keeps json-logic semantics of the library for built-ins', () => {
    const cases: Array<[unknown, unknown, unknown]> = [
      [{ '==': [1, '1'] }, {}, true],
      [{ '===': [1, '1'] }, {}, false],
      [{ '+': ['1', 2] }, {}, 3],
      [{ cat: ['a', null, 1] }, {}, 'a1'],
      [{ in: ['b', 'abc'] }, {}, true],
      [{ var: ['missing', 'fallback'] }, {}, 'fallback'],
      [{ missing: ['a', 'b'] }, { a: 1 }, ['b']],
      [{ missing_some: [1, ['a', 'b']] }, { a: 1 }, []],
      [{ '<': [1, 2, 3] }, {}, true],
      [{ merge: [1, [2, 3], [[4]]] }, {}, [1, 2, 3, [4]]],
      [{ substr: ['jsonlogic', -5] }, {}, 'logic'],
      [{ all: [[], { var: '' }] }, {}, false],
      [{ none: [[], { var: '' }] }, {}, true],
      [{ filter: [{ var: 'xs' }, { '%': [{ var: '' }, 2] }] }, { xs: [1, 2, 3] }, [1, 3]],
      [{ map: ['not an array', 1] }, {}, []],
      [{ if: [false, 1] }, {}, null],
      [{ var: '' }, 7, 7],
    ];
    for (const [rule, data, expected] of cases) {
      expect(evaluatePolicy(rule, data).result).toEqual(expected);
      expect(evaluatePolicy(rule, data, { trace: true }).result).toEqual(expected);
    }
  });

  it('returns results that are plain JSON', () => {
    const data = { invoice: { lines: [{ amount: 1 }] } };
    const { result } = evaluatePolicy({ var: 'invoice' }, data, { trace: true });
    expect(JSON.parse(JSON.stringify(result))).toEqual(data.invoice);
    expect(Object.is(evaluatePolicy({ '*': [-1, 0] }, {}).result, 0)).toBe(true);
  });
});
