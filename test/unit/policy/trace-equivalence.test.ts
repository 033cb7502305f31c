import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../server/src/domain/errors/index.js';
import { runWithClock } from '../../../server/src/domain/policy/evaluation-context.js';
import { evaluatePolicy } from '../../../server/src/domain/policy/index.js';
import { findNonJsonValue } from '../../../server/src/domain/policy/json-value.js';
import { jsonLogic } from '../../../server/src/domain/policy/operator-registry.js';
import { fixedClock } from '../../../server/src/domain/shared/clock.js';

const clock = fixedClock('2025-03-01T09:30:00Z');

const data = fc.record({
  n: fc.oneof(fc.integer({ min: -20, max: 20 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })),
  m: fc.constantFrom(0, 1, 10000, 1.005, -3),
  s: fc.constantFrom('', 'a', 'Acme Inc.', 'ACME Corporation', '10', 'DE811907980'),
  b: fc.boolean(),
  d: fc.constantFrom('2024-01-31', '2024-02-29', '2025-03-01T10:00:00Z'),
  xs: fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 5 }),
  items: fc.array(fc.record({ amount: fc.constantFrom(0.1, 0.2, 19.9, 200.1, -5), name: fc.constantFrom('x', 'y') }), { maxLength: 4 }),
  o: fc.constant({ k: 1 }),
  z: fc.constant(null),
});

const paths = ['n', 'm', 's', 'b', 'd', 'xs', 'items', 'o', 'o.k', 'z', 'nope', 'items.0.amount', ''];
const leaf = fc.oneof(
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(0, 2.5, -1.005, 10000),
  fc.constantFrom('a', '', 'Acme', '2024-01-31', '5'),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...paths).map((path) => ({ var: path })),
  fc.tuple(fc.constantFrom('nope', 'n', 'z'), fc.integer({ min: 0, max: 3 })).map(([path, fallback]) => ({ var: [path, fallback] })),
  fc.constant({ now: [] }),
);

/** Arity-correct rules over standard and Docket operators, nested a few levels. */
const { rule } = fc.letrec<{ rule: unknown }>((tie) => {
  const sub = tie('rule');
  const op = (name: string, ...args: fc.Arbitrary<unknown>[]) => fc.tuple(...args).map((values) => ({ [name]: values }));
  const binary = ['==', '===', '!=', '!==', '>', '>=', '<', '<=', '+', '-', '*', '/', '%', 'in', 'cat', 'merge', 'max', 'min', 'substr',
    'pct_diff', 'days_between', 'add_days', 'name_similarity'];
  const unary = ['!', '!!', 'abs', 'round', 'normalize_name', '-'];
  const collection = fc.oneof(fc.constantFrom({ var: 'xs' }, { var: 'items' }, { var: 'n' }), fc.array(leaf, { maxLength: 3 }));
  return {
    rule: fc.oneof(
      { depthSize: 'small', maxDepth: 5 },
      leaf,
      fc.constantFrom(...binary).chain((name) => op(name, sub, sub)),
      fc.constantFrom(...unary).chain((name) => op(name, sub)),
      fc.constantFrom('and', 'or').chain((name) => fc.array(sub, { minLength: 1, maxLength: 4 }).map((args) => ({ [name]: args }))),
      fc.constantFrom('if', '?:').chain((name) => fc.array(sub, { minLength: 2, maxLength: 5 }).map((args) => ({ [name]: args }))),
      fc.constantFrom('map', 'filter', 'all', 'some', 'none').chain((name) => op(name, collection, sub)),
      op('reduce', collection, fc.constantFrom({ '+': [{ var: 'current' }, { var: 'accumulator' }] }, { cat: [{ var: 'accumulator' }, { var: 'current' }] }), sub),
      op('between', sub, sub, sub),
      op('round', sub, fc.integer({ min: 0, max: 3 })),
      op('sum_by', fc.constantFrom({ var: 'items' }, { var: 'xs' }), fc.constantFrom('amount', 'name')),
      op('regex_test', fc.constantFrom('^a', '\\d+', 'acme', '^$'), sub),
      op('missing', fc.constantFrom('n', 'nope', 'z')),
      op('missing_some', fc.constantFrom(1, 2), fc.constant(['n', 'nope', 's'])),
      op('<', sub, sub, sub),
    ),
  };
});

type Outcome = { ok: unknown } | { error: string; problems: unknown };

function outcome(run: () => unknown): Outcome {
  try {
    return { ok: run() };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { error: error.code, problems: error.problems };
  }
}

describe('tracing never changes results', () => {
  it('traced, untraced and raw json-logic-js agree on generated rules', () => {
    fc.assert(
      fc.property(rule, data, (logic, input) => {
        const plain = outcome(() => evaluatePolicy(logic, input, { clock }).result);
        const traced = outcome(() => evaluatePolicy(logic, input, { clock, trace: true }).result);
        expect(traced).toEqual(plain);
        let raw: Outcome;
        try {
          raw = { ok: runWithClock(clock, () => jsonLogic.apply(logic, input)) ?? null };
        } catch (error) {
          raw = { error: 'threw', problems: String(error) };
        }
        if ('ok' in plain) {
          // Docket writes -0 as 0 and undefined as null, as JSON would; nothing else may differ.
          expect('ok' in raw && findNonJsonValue(raw.ok)).toBe(undefined);
          expect(JSON.stringify((raw as { ok: unknown }).ok)).toBe(JSON.stringify(plain.ok));
        }
        else if ((plain.problems as Array<{ rule: string }>)[0]?.rule !== 'non-finite') expect('error' in raw).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
