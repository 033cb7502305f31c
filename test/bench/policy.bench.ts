import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy, parsePolicyFile, type PolicyFile } from '../../server/src/domain/policy/index.js';
import { fixedClock } from '../../server/src/domain/shared/clock.js';
import { reportBench, type BenchRow } from './support/report.js';

/**
 * Policy evaluation speed over the seeded policies and their test data:
 * bare json-logic-js, Docket without trace (guards + apply) and Docket with
 * trace, as evaluations per second. Modes run interleaved in short rounds so
 * drift (GC, JIT, CPU boost) hits all alike; each rate is the median round.
 * Targets: no trace within 1.2× of raw, trace within 3×.
 *
 * Docket checks a rule object once and remembers it (the object is frozen),
 * so the rows measure a service that keeps its rule objects, as a cache of
 * published versions does. The `cold x raw` column is the price when every
 * evaluation brings a rule object never seen before (a fresh JSON parse).
 */
const ROUNDS = 15;
const ROUND_MS = 120;
const TARGETS = { raw: 1, docket: 1.2, 'docket+trace': 3 } as const;
type Mode = keyof typeof TARGETS;

const clock = fixedClock('2025-03-01T09:30:00Z');
const apply = (jsonLogic as unknown as { apply(logic: unknown, data: unknown): unknown }).apply;
let sink: unknown;

// Options built once, as a service holding its clock would.
const untraced = { clock };
const traced = { clock, trace: true };
const runners: Record<Mode, (policy: PolicyFile, data: unknown) => unknown> = {
  raw: (policy, data) => apply(policy.logic, data),
  docket: (policy, data) => evaluatePolicy(policy.logic, data, untraced).result,
  'docket+trace': (policy, data) => evaluatePolicy(policy.logic, data, traced).result,
};

function loadPolicies(): PolicyFile[] {
  const dir = path.resolve('policies');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => parsePolicyFile(JSON.parse(readFileSync(path.join(dir, file), 'utf8'))));
}

/** Evaluations per second of one mode for about `ms` milliseconds, cycling through the test data. */
function measure(mode: Mode, policy: PolicyFile, ms: number): number {
  const run = runners[mode];
  const inputs = policy.testCases.map((testCase) => testCase.data);
  let evaluations = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 200; i += 1) sink = run(policy, inputs[i % inputs.length]);
    evaluations += 200;
    elapsed = performance.now() - started;
  }
  return (evaluations / elapsed) * 1000;
}

/** Evaluations per second when each evaluation gets a rule object Docket has not seen (checked and compiled anew). */
function measureCold(policy: PolicyFile, count: number): number {
  const clones = Array.from({ length: count }, () => structuredClone(policy.logic));
  const inputs = policy.testCases.map((testCase) => testCase.data);
  const started = performance.now();
  for (let i = 0; i < count; i += 1) sink = evaluatePolicy(clones[i], inputs[i % inputs.length], untraced).result;
  return (count / (performance.now() - started)) * 1000;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

describe('policy evaluation benchmark', () => {
  it('measures raw json-logic-js against Docket with and without trace', () => {
    const rows: BenchRow[] = [];
    for (const policy of loadPolicies()) {
      const modes = Object.keys(TARGETS) as Mode[];
      // same results in every mode before timing anything
      for (const testCase of policy.testCases) {
        for (const mode of modes) expect(runners[mode](policy, testCase.data)).toEqual(testCase.expected);
      }
      for (const mode of modes) measure(mode, policy, 200); // warm-up
      const rates: Record<Mode, number[]> = { raw: [], docket: [], 'docket+trace': [] };
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const mode of round % 2 === 0 ? modes : [...modes].reverse()) rates[mode].push(measure(mode, policy, ROUND_MS));
      }
      measureCold(policy, 2_000); // warm-up
      const cold = median(Array.from({ length: 5 }, () => measureCold(policy, 5_000)));
      const raw = median(rates.raw);
      for (const mode of modes) {
        const rate = median(rates[mode]);
        const slowdown = raw / rate;
        rows.push({
          policy: policy.key,
          mode,
          evalsPerSec: Math.round(rate),
          usPerEval: Number((1e6 / rate).toFixed(2)),
          'x raw': Number(slowdown.toFixed(2)),
          target: `≤ ${TARGETS[mode]}×`,
          meets: slowdown <= TARGETS[mode],
          'cold x raw': mode === 'docket' ? Number((raw / cold).toFixed(2)) : null,
        });
      }
    }
    expect(sink).toBeDefined();
    reportBench('policy', rows, {
      rounds: ROUNDS,
      roundMs: ROUND_MS,
      method: 'median of interleaved rounds; each evaluation cycles through the policy test cases',
    });
  });
});
