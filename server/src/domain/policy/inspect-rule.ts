import type { FieldProblem } from '../errors/index.js';
import { escapePointer } from '../shared/json-schema.js';
import { REFUSED_OPERATORS, SCOPED_OPERATORS } from './builtin-operators.js';
import { findForbiddenSegment } from './forbidden-paths.js';
import { isPlainObject } from './json-value.js';
import { MAX_RULE_DEPTH, MAX_RULE_NODES } from './limits.js';
import { findOperator } from './operator-registry.js';
import { OperatorError } from './operators/operator-error.js';
import { compileSafeRegex } from './operators/regex-test.js';

/** What the evaluator needs to know about a well-formed rule. */
export interface RuleAnalysis {
  /** Operations (one-key objects) in the rule. */
  operations: number;
  maxArrayLength: number;
  maxStringLength: number;
  /** Deepest nesting of map/filter/reduce/all/some/none bodies. */
  scopeDepth: number;
  /** A reduce whose body builds arrays or strings: its accumulator can grow each step. */
  growingReduce: boolean;
  /** merge and cat operations: each can output the sum of its inputs. */
  growthOperations: number;
  /** A var/missing/missing_some whose path is computed, so it must be checked while evaluating. */
  dynamicPaths: boolean;
  /** The rule uses `now`, so evaluation installs the clock. */
  readsClock: boolean;
}

export interface RuleInspection {
  problems: FieldProblem[];
  analysis: RuleAnalysis;
}

interface Frame {
  value: unknown;
  depth: number;
  scope: number;
  inReduce: boolean;
  pointer: string;
}

const GROWING = new Set(['merge', 'cat', 'map', 'filter']);

function shapeOf(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) return Object.prototype.toString.call(value).slice(8, -1);
  return typeof value;
}

/**
 * Takes in a scalar without a stack frame of its own (most values of a rule
 * are scalars); returns false for anything else, which gets a frame.
 */
function takeScalar(value: unknown, analysis: RuleAnalysis): boolean {
  switch (typeof value) {
    case 'string':
      if (value.length > analysis.maxStringLength) analysis.maxStringLength = value.length;
      return true;
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    default:
      return value === null;
  }
}

function tooLarge(analysis: RuleAnalysis): RuleInspection {
  return { problems: [{ path: '', rule: 'size', message: `the rule has more than ${MAX_RULE_NODES} values` }], analysis };
}

function isLiteralPath(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || value === null;
}

/**
 * Walks a rule once, iteratively (a rule nested 10,000 levels deep must not
 * reach any recursion), checking everything that needs no input schema:
 * JSON shape, one key per operation, depth, size, known operators, argument
 * counts, forbidden paths and literal regex patterns. Pointers are only
 * built when `withPointers` is set: the hot path walks without them and
 * walks again with them only if something is wrong.
 */
export function inspectRule(logic: unknown, withPointers = true): RuleInspection {
  const problems: FieldProblem[] = [];
  const analysis: RuleAnalysis = {
    operations: 0,
    maxArrayLength: 0,
    maxStringLength: 0,
    scopeDepth: 0,
    growingReduce: false,
    growthOperations: 0,
    dynamicPaths: false,
    readsClock: false,
  };
  const report = (pointer: string, rule: string, message: string): void => {
    problems.push({ path: pointer, rule, message });
  };
  const stack: Frame[] = [{ value: logic, depth: 0, scope: 0, inReduce: false, pointer: '' }];
  let nodes = 1;

  while (stack.length > 0) {
    const { value, depth, scope, inReduce, pointer } = stack.pop() as Frame;
    if (typeof value === 'string') {
      if (value.length > analysis.maxStringLength) analysis.maxStringLength = value.length;
      continue;
    }
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) report(pointer, 'shape', `${value} is not a JSON number`);
      continue;
    }
    if (typeof value !== 'object' || !(Array.isArray(value) || isPlainObject(value))) {
      report(pointer, 'shape', `${shapeOf(value)} is not a JSON value`);
      continue;
    }
    if (depth >= MAX_RULE_DEPTH && (!Array.isArray(value) || value.length > 0)) {
      report(pointer, 'depth', `the rule nests deeper than ${MAX_RULE_DEPTH} levels here`);
      continue;
    }
    if (Array.isArray(value)) {
      // Counted before pushing, so a million-element array is refused without a million frames.
      nodes += value.length;
      if (nodes > MAX_RULE_NODES) return tooLarge(analysis);
      if (value.length > analysis.maxArrayLength) analysis.maxArrayLength = value.length;
      for (let i = value.length - 1; i >= 0; i -= 1) {
        if (takeScalar(value[i], analysis)) continue;
        stack.push({ value: value[i], depth: depth + 1, scope, inReduce, pointer: withPointers ? `${pointer}/${i}` : '' });
      }
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length !== 1) {
      report(pointer, 'shape', `an operation is an object with exactly one key, the operator; found ${keys.length} keys`);
      continue;
    }
    const operator = keys[0] as string;
    const args: unknown = (value as Record<string, unknown>)[operator];
    nodes += Array.isArray(args) ? args.length + 1 : 1;
    if (nodes > MAX_RULE_NODES) return tooLarge(analysis);
    const argsPointer = withPointers ? `${pointer}/${escapePointer(operator)}` : '';
    analysis.operations += 1;
    const refused = REFUSED_OPERATORS.get(operator);
    const signature = findOperator(operator);
    if (refused !== undefined) {
      report(pointer, 'forbidden-operator', refused);
    } else if (!signature) {
      report(pointer, 'unknown-operator', `unknown operator "${operator}"`);
    } else {
      const count = Array.isArray(args) ? args.length : 1;
      if (count < signature.minArgs || count > signature.maxArgs) {
        const expected =
          signature.minArgs === signature.maxArgs
            ? `${signature.minArgs}`
            : signature.maxArgs === Infinity
              ? `at least ${signature.minArgs}`
              : `${signature.minArgs} to ${signature.maxArgs}`;
        report(pointer, 'arity', `"${operator}" takes ${expected} argument${expected === '1' ? '' : 's'}, got ${count}`);
      }
    }
    const list: unknown[] = Array.isArray(args) ? args : [args];
    checkOperands(operator, list, pointer, argsPointer, Array.isArray(args), analysis, report);
    if (GROWING.has(operator) && inReduce) analysis.growingReduce = true;
    if (operator === 'merge' || operator === 'cat') analysis.growthOperations += 1;
    if (operator === 'now') analysis.readsClock = true;

    const scoped = SCOPED_OPERATORS.has(operator);
    if (scoped && scope + 1 > analysis.scopeDepth) analysis.scopeDepth = scope + 1;
    if (!Array.isArray(args)) {
      if (!takeScalar(args, analysis)) stack.push({ value: args, depth: depth + 1, scope, inReduce, pointer: argsPointer });
      continue;
    }
    if (depth + 2 > MAX_RULE_DEPTH && args.length > 0) {
      report(argsPointer, 'depth', `the rule nests deeper than ${MAX_RULE_DEPTH} levels here`);
      continue;
    }
    if (args.length > analysis.maxArrayLength) analysis.maxArrayLength = args.length;
    for (let i = args.length - 1; i >= 0; i -= 1) {
      if (takeScalar(args[i], analysis)) continue;
      const body = scoped && i === 1;
      stack.push({
        value: args[i],
        depth: depth + 2,
        scope: body ? scope + 1 : scope,
        inReduce: body ? operator === 'reduce' : inReduce,
        pointer: withPointers ? `${argsPointer}/${i}` : '',
      });
    }
  }
  return { problems, analysis };
}

/** Operand checks that need no schema: literal paths, field names and patterns. */
function checkOperands(
  operator: string,
  args: unknown[],
  pointer: string,
  argsPointer: string,
  argsIsArray: boolean,
  analysis: RuleAnalysis,
  report: (pointer: string, rule: string, message: string) => void,
): void {
  const at = (i: number): string => (argsIsArray ? `${argsPointer}/${i}` : argsPointer);
  const checkPath = (path: unknown, pointer: string): void => {
    if (!isLiteralPath(path)) {
      analysis.dynamicPaths = true;
      return;
    }
    const forbidden = findForbiddenSegment(path);
    if (forbidden !== undefined) {
      report(pointer, 'forbidden-path', `the path ${JSON.stringify(path)} goes through "${forbidden}", which policies may not read`);
    }
  };
  switch (operator) {
    case 'var':
      if (args.length > 0) checkPath(args[0], pointer);
      return;
    case 'missing':
      if (args.length === 1 && Array.isArray(args[0])) {
        args[0].forEach((key, i) => checkPath(key, `${at(0)}/${i}`));
      } else {
        args.forEach((key, i) => checkPath(key, at(i)));
      }
      return;
    case 'missing_some':
      if (Array.isArray(args[1])) args[1].forEach((key, i) => checkPath(key, `${at(1)}/${i}`));
      else analysis.dynamicPaths = true;
      return;
    case 'sum_by':
      if (typeof args[1] === 'string') checkPath(args[1], at(1));
      return;
    case 'regex_test':
      if (typeof args[0] === 'string' && (args.length < 3 || typeof args[2] === 'string')) {
        try {
          compileSafeRegex(args[0], args[2] ?? '');
        } catch (error) {
          if (!(error instanceof OperatorError)) throw error;
          report(at(0), error.rule, error.message);
        }
      }
      return;
    default:
      return;
  }
}
