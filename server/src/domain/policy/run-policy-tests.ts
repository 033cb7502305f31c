import { ValidationError } from '../errors/index.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { prepareRule } from './prepare-rule.js';
import type { TraceEntry } from './interpret-rule.js';
import { isPlainObject, jsonEqual, type JsonValue } from './json-value.js';
import { MAX_TEST_CASES } from './limits.js';
import { asOperation } from './rule-node.js';

export interface PolicyTestCase {
  name: string;
  data: JsonValue;
  expected: JsonValue;
}

export interface PolicyTestCaseResult {
  name: string;
  passed: boolean;
  expected: JsonValue;
  /** The result, or null when the evaluation failed (see `error`). */
  actual: JsonValue;
  error?: string;
  explanation?: string;
}

export interface BranchCoverage {
  pointer: string;
  operator: string;
  /** if/?:: 'then', 'elseif-N', 'else'; and/or (opt-in): 'falsy-N' / 'truthy-N', 'all-truthy' / 'all-falsy'. */
  branch: string;
  hit: boolean;
}

export interface PolicyTestReport {
  /** True when every case passed. */
  passed: boolean;
  total: number;
  failed: number;
  cases: PolicyTestCaseResult[];
  coverage: { total: number; covered: number; branches: BranchCoverage[] };
}

export interface RunPolicyTestsOptions {
  clock?: Clock;
  /** Also count where each and/or can stop as a branch. */
  shortCircuits?: boolean;
}

/** Every branch of the rule's if/?: (and, opted in, and/or), in rule order; scoped bodies included. */
export function listBranches(logic: unknown, shortCircuits = false): Array<Omit<BranchCoverage, 'hit'>> {
  const branches: Array<Omit<BranchCoverage, 'hit'>> = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${pointer}/${i}`));
      return;
    }
    const operation = asOperation(node, pointer);
    if (!operation) return;
    const { operator, args, at } = operation;
    const add = (branch: string): void => {
      branches.push({ pointer, operator, branch });
    };
    if (operator === 'if' || operator === '?:') {
      const pairs = Math.floor(args.length / 2);
      for (let i = 0; i < pairs; i += 1) add(i === 0 ? 'then' : `elseif-${i}`);
      add('else');
    } else if (shortCircuits && (operator === 'and' || operator === 'or')) {
      const stop = operator === 'and' ? 'falsy' : 'truthy';
      args.forEach((_, i) => add(`${stop}-${i}`));
      add(operator === 'and' ? 'all-truthy' : 'all-falsy');
    }
    args.forEach((arg, i) => visit(arg, at(i)));
  };
  visit(logic, '');
  return branches;
}

function parseCases(cases: unknown): PolicyTestCase[] {
  if (!Array.isArray(cases)) throw ValidationError.single('', 'type', 'test cases must be an array');
  if (cases.length > MAX_TEST_CASES) throw ValidationError.single('', 'maxItems', `at most ${MAX_TEST_CASES} test cases`);
  cases.forEach((item, i) => {
    if (!isPlainObject(item) || typeof item.name !== 'string' || !('data' in item) || !('expected' in item)) {
      throw ValidationError.single(`/${i}`, 'test-case', 'a test case is { name, data, expected }');
    }
  });
  return cases as PolicyTestCase[];
}

/**
 * Runs a rule's test cases with tracing on, compares results by JSON deep
 * equality and reports which if/?: branches the cases exercised. A case that
 * fails to evaluate is a failed case with its error, never a thrown run.
 */
export function runPolicyTests(logic: unknown, cases: unknown, options: RunPolicyTestsOptions = {}): PolicyTestReport {
  prepareRule(logic);
  const list = parseCases(cases);
  const clock = options.clock ?? systemClock;
  const hits = new Set<string>();
  const results = list.map((testCase): PolicyTestCaseResult => {
    const expected = testCase.expected ?? null;
    try {
      const evaluation = evaluatePolicy(logic, testCase.data, { trace: true, clock });
      evaluation.trace.forEach((entry: TraceEntry) => {
        if (entry.evaluated && entry.branch !== undefined) hits.add(`${entry.pointer}#${entry.branch}`);
      });
      const passed = jsonEqual(evaluation.result, expected);
      return { name: testCase.name, passed, expected, actual: evaluation.result, explanation: evaluation.explanation };
    } catch (error) {
      return { name: testCase.name, passed: false, expected, actual: null, error: error instanceof Error ? error.message : String(error) };
    }
  });
  const branches = listBranches(logic, options.shortCircuits).map((branch) => ({
    ...branch,
    hit: hits.has(`${branch.pointer}#${branch.branch}`),
  }));
  const failed = results.filter((result) => !result.passed).length;
  return {
    passed: failed === 0,
    total: results.length,
    failed,
    cases: results,
    coverage: { total: branches.length, covered: branches.filter((b) => b.hit).length, branches },
  };
}
