import { escapePointer } from '../shared/json-schema.js';
import { findForbiddenSegment } from './forbidden-paths.js';
import { previewValue, type JsonValue } from './json-value.js';
import { MAX_EVALUATION_STEPS, MAX_TRACE_ENTRIES } from './limits.js';
import { findCustomOperator, jsonLogic } from './operator-registry.js';
import { OperatorError } from './operators/operator-error.js';

/**
 * One operation of the rule as it was (or was not) evaluated. A reviewer reads
 * `{">": [15450, 10000]} → true` from `operator`, `args` and `value`.
 */
export interface TraceEntry {
  /** JSON pointer of the operation inside the rule ('' is the whole rule). */
  pointer: string;
  operator: string;
  /** False for operations in branches a lazy operator did not take. */
  evaluated: boolean;
  /**
   * Argument values as the operator received them (previews: long values are
   * cut). Arguments the operator did not evaluate are null and listed in
   * `unevaluated`; the body of map/filter/reduce/all/some/none is null here
   * and traced once per element, with `iteration`.
   */
  args?: JsonValue[];
  unevaluated?: number[];
  value?: JsonValue;
  /** Set when the value is NaN or ±Infinity (which `value` shows as null). */
  nonFinite?: string;
  /** Which way an if/?: went ('then', 'elseif-1', 'else') or where and/or stopped ('falsy-0', 'all-truthy', ...). */
  branch?: string;
  /** Element indexes of the enclosing map/filter/reduce/all/some/none bodies, outermost first. */
  iteration?: number[];
}

export interface VarRead {
  path: string;
  value: JsonValue;
}

export interface Interpretation {
  result: unknown;
  trace: TraceEntry[];
  varsRead: VarRead[];
  truncated: boolean;
}

/** An error raised while evaluating, with the pointer of the innermost operation it came from. */
export class LocatedError extends Error {
  constructor(
    readonly pointer: string,
    readonly operator: string,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'LocatedError';
  }
}

const UNDEFINED_RULE = { and: [] };
const escapedOperators = new Map<string, string>();
const callTemplates = new Map<string, unknown>();

function escapeOperator(operator: string): string {
  let escaped = escapedOperators.get(operator);
  if (escaped === undefined) {
    escaped = escapePointer(operator);
    if (escapedOperators.size < 1_000) escapedOperators.set(operator, escaped);
  }
  return escaped;
}

/**
 * Calls a built-in json-logic operation on values that are already evaluated.
 * Values cannot be handed back to `jsonLogic.apply` as literals (a one-key
 * object would be read as an operation, an array re-evaluated and copied), so
 * the call reads each argument with `{"var": "i"}` from the argument array,
 * keeping identity. Only operations that ignore their data are called this way.
 */
function callBuiltin(operator: string, values: unknown[]): unknown {
  if (values.includes(undefined)) {
    const rules = values.map((value, i) => (value === undefined ? UNDEFINED_RULE : { var: String(i) }));
    return jsonLogic.apply({ [operator]: rules }, values);
  }
  const key = `${values.length}:${operator}`;
  let template = callTemplates.get(key);
  if (template === undefined) {
    template = { [operator]: values.map((_, i) => ({ var: String(i) })) };
    callTemplates.set(key, template);
  }
  return jsonLogic.apply(template, values);
}

function sizeOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'string') return value.length >> 5;
  return 0;
}

function isLogic(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

/**
 * Docket's own walk over a rule, mirroring json-logic-js's control flow for
 * the lazy operators and calling the library for every operation, so results
 * are the library's. It records a trace when asked, checks computed paths,
 * and counts work against MAX_EVALUATION_STEPS, which the library cannot.
 */
export class RuleInterpreter {
  private readonly trace: TraceEntry[] = [];
  private readonly varsRead = new Map<string, JsonValue>();
  private readonly iteration: number[] = [];
  private steps = 0;
  private truncated = false;

  constructor(private readonly record: boolean) {}

  run(logic: unknown, data: unknown): Interpretation {
    const result = this.evaluate(logic, data, '', false);
    return {
      result,
      trace: this.trace,
      varsRead: [...this.varsRead].map(([path, value]) => ({ path, value })),
      truncated: this.truncated,
    };
  }

  private charge(steps: number): void {
    this.steps += steps;
    if (this.steps > MAX_EVALUATION_STEPS) {
      throw new OperatorError('budget', `the evaluation needs more than ${MAX_EVALUATION_STEPS} steps`);
    }
  }

  private open(pointer: string, operator: string, evaluated: boolean): TraceEntry | undefined {
    if (!this.record) return undefined;
    if (this.trace.length >= MAX_TRACE_ENTRIES) {
      this.truncated = true;
      return undefined;
    }
    const entry: TraceEntry = { pointer, operator, evaluated };
    if (this.iteration.length > 0) entry.iteration = [...this.iteration];
    this.trace.push(entry);
    return entry;
  }

  /** Records the operations of a subtree that a lazy operator did not evaluate. */
  private skip(node: unknown, pointer: string): void {
    if (!this.record) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => this.skip(item, `${pointer}/${i}`));
      return;
    }
    if (!isLogic(node)) return;
    const operator = Object.keys(node)[0] as string;
    this.open(pointer, operator, false);
    const args = node[operator];
    const base = `${pointer}/${escapeOperator(operator)}`;
    if (Array.isArray(args)) args.forEach((arg, i) => this.skip(arg, `${base}/${i}`));
    else this.skip(args, base);
  }

  private evaluate(node: unknown, data: unknown, pointer: string, scoped: boolean): unknown {
    if (Array.isArray(node)) {
      const out = new Array<unknown>(node.length);
      for (let i = 0; i < node.length; i += 1) out[i] = this.evaluate(node[i], data, `${pointer}/${i}`, scoped);
      return out;
    }
    if (!isLogic(node)) return node;
    const operator = Object.keys(node)[0] as string;
    const rawArgs = node[operator];
    const args: unknown[] = Array.isArray(rawArgs) ? rawArgs : [rawArgs];
    const base = `${pointer}/${escapeOperator(operator)}`;
    const argPointer = Array.isArray(rawArgs) ? (i: number) => `${base}/${i}` : () => base;
    const entry = this.open(pointer, operator, true);
    try {
      this.charge(1);
      const value = this.operate(node, operator, args, argPointer, data, scoped, entry);
      if (entry) {
        entry.value = previewValue(value);
        if (typeof value === 'number' && !Number.isFinite(value)) entry.nonFinite = String(value);
      }
      return value;
    } catch (error) {
      if (error instanceof LocatedError) throw error;
      throw new LocatedError(pointer, operator, error);
    }
  }

  private operate(
    node: Record<string, unknown>,
    operator: string,
    args: unknown[],
    at: (i: number) => string,
    data: unknown,
    scoped: boolean,
    entry: TraceEntry | undefined,
  ): unknown {
    const shown: JsonValue[] | undefined = entry ? new Array<JsonValue>(args.length).fill(null) : undefined;
    const unevaluated: number[] = [];
    const arg = (i: number, scope = data, inScope = scoped): unknown => {
      const value = this.evaluate(args[i], scope, at(i), inScope);
      if (shown) shown[i] = previewValue(value);
      return value;
    };
    const skipArg = (i: number): void => {
      unevaluated.push(i);
      this.skip(args[i], at(i));
    };
    const finish = (value: unknown, branch?: string): unknown => {
      if (entry) {
        entry.args = shown;
        if (unevaluated.length > 0) entry.unevaluated = unevaluated;
        if (branch !== undefined) entry.branch = branch;
      }
      return value;
    };

    switch (operator) {
      case 'if':
      case '?:': {
        let i = 0;
        for (; i < args.length - 1; i += 2) {
          if (jsonLogic.truthy(arg(i))) {
            const value = arg(i + 1);
            for (let j = i + 2; j < args.length; j += 1) skipArg(j);
            return finish(value, i === 0 ? 'then' : `elseif-${i / 2}`);
          }
          skipArg(i + 1);
        }
        return finish(args.length === i + 1 ? arg(i) : null, 'else');
      }
      case 'and':
      case 'or': {
        const stopOn = operator === 'or';
        let current: unknown;
        for (let i = 0; i < args.length; i += 1) {
          current = arg(i);
          if (jsonLogic.truthy(current) === stopOn) {
            for (let j = i + 1; j < args.length; j += 1) skipArg(j);
            return finish(current, `${stopOn ? 'truthy' : 'falsy'}-${i}`);
          }
        }
        return finish(current, stopOn ? 'all-falsy' : 'all-truthy');
      }
      case 'map':
      case 'filter':
      case 'reduce':
      case 'all':
      case 'none':
      case 'some':
        return finish(this.iterate(operator, args, arg, skipArg, at(1)));
      case 'var':
      case 'missing':
      case 'missing_some':
        return finish(this.read(node, operator, args.map((_, i) => arg(i)), data, scoped));
      default: {
        const values = args.map((_, i) => arg(i));
        let size = 0;
        for (const value of values) size += sizeOf(value);
        this.charge(size >> 5);
        const custom = findCustomOperator(operator);
        return finish(custom ? custom.apply(...values) : callBuiltin(operator, values));
      }
    }
  }

  /** The scoped operators, step for step as json-logic-js runs them. */
  private iterate(
    operator: string,
    args: unknown[],
    arg: (i: number, scope?: unknown, inScope?: boolean) => unknown,
    skipArg: (i: number) => void,
    bodyPointer: string,
  ): unknown {
    const items = arg(0);
    const initial = operator === 'reduce' ? (args[2] !== undefined ? arg(2) : null) : undefined;
    const list = Array.isArray(items) ? items : [];
    this.charge(list.length >> 5);
    if (list.length === 0) skipArg(1);
    const body = (element: unknown, index: number): unknown => {
      this.iteration.push(index);
      try {
        return this.evaluate(args[1], element, bodyPointer, true);
      } finally {
        this.iteration.pop();
      }
    };
    switch (operator) {
      case 'map':
        return list.map(body);
      case 'filter':
        return list.filter((element, index) => jsonLogic.truthy(body(element, index)));
      case 'reduce':
        if (!Array.isArray(items)) return initial;
        return list.reduce((accumulator: unknown, current, index) => body({ current, accumulator }, index), initial);
      case 'all':
        return list.length > 0 && list.every((element, index) => jsonLogic.truthy(body(element, index)));
      case 'none':
        return !list.some((element, index) => jsonLogic.truthy(body(element, index)));
      default:
        return list.some((element, index) => jsonLogic.truthy(body(element, index)));
    }
  }

  /**
   * var / missing / missing_some read the data, so they are evaluated by the
   * library on their own node (their arguments are pure and cheap to redo);
   * computed paths are checked first, as the rule check could not.
   */
  private read(node: unknown, operator: string, values: unknown[], data: unknown, scoped: boolean): unknown {
    const keys: unknown[] =
      operator === 'var' ? values.slice(0, 1) : operator === 'missing_some' ? (Array.isArray(values[1]) ? values[1] : []) : Array.isArray(values[0]) ? values[0] : values;
    for (const key of keys) {
      const forbidden = findForbiddenSegment(key);
      if (forbidden !== undefined) {
        throw new OperatorError('forbidden-path', `${operator}: the path ${JSON.stringify(key)} goes through "${forbidden}", which policies may not read`);
      }
    }
    const value = jsonLogic.apply(node, data);
    if (operator === 'var' && !scoped && this.record) {
      const path = values[0] === undefined || values[0] === null ? '' : String(values[0]);
      if (!this.varsRead.has(path)) this.varsRead.set(path, previewValue(value));
    }
    return value;
  }
}
