import { findForbiddenSegment } from './forbidden-paths.js';
import { previewValue as previewImport, type JsonValue } from './json-value.js';
import { MAX_EVALUATION_STEPS as STEPS_IMPORT, MAX_TRACE_ENTRIES as ENTRIES_IMPORT } from './limits.js';
import { jsonLogic as engineImport } from './operator-registry.js';
import { OperatorError } from './operators/operator-error.js';
import type { CompiledNode, CompiledOperation } from './prepare-rule.js';

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
  /** Trace entries of operations evaluated in the top scope, by compiled operation id. */
  topEntries: Array<TraceEntry | undefined>;
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

// Module-local copies of what every operation uses: a module loader may turn
// each read of an imported binding into a getter call.
const MAX_EVALUATION_STEPS = STEPS_IMPORT;
const MAX_TRACE_ENTRIES = ENTRIES_IMPORT;
const previewValue = previewImport;
const jsonLogic = engineImport;

const UNDEFINED_RULE = { and: [] };
const argumentRefs: Array<{ var: string }> = [];

/**
 * Calls a built-in json-logic operation on values that are already evaluated.
 * Values cannot all be handed back to `jsonLogic.apply` as literals (a
 * one-key object would be read as an operation, an array re-evaluated and
 * copied): primitives go as themselves, anything else is read with
 * `{"var": "i"}` from the value list, keeping identity. Only operations that
 * ignore their data are called this way. The rule object is the node's own,
 * refilled per call: apply reads it synchronously and keeps no reference.
 */
function callBuiltin(call: { rule: Record<string, unknown[]>; slots: unknown[] }, values: unknown[]): unknown {
  const { slots } = call;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    slots[i] =
      value === undefined ? UNDEFINED_RULE : typeof value === 'object' && value !== null ? (argumentRefs[i] ??= { var: String(i) }) : value;
  }
  return jsonLogic.apply(call.rule, values);
}

function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length >> 5;
  return Array.isArray(value) ? value.length : 0;
}

/**
 * Docket's own walk over a compiled rule, mirroring json-logic-js's control
 * flow for the lazy operators and calling the library for every operation,
 * so results are the library's. It records a trace when asked, checks
 * computed paths, and counts work against MAX_EVALUATION_STEPS, which the
 * library cannot.
 */
export class RuleInterpreter {
  private readonly trace: TraceEntry[] = [];
  private readonly topEntries: Array<TraceEntry | undefined>;
  private readonly varsRead = new Map<string, JsonValue>();
  private readonly iteration: number[] = [];
  private steps = 0;
  private truncated = false;

  constructor(
    private readonly record: boolean,
    operations = 0,
  ) {
    this.topEntries = record ? new Array<TraceEntry | undefined>(operations).fill(undefined) : [];
  }

  run(rule: CompiledNode, data: unknown): Interpretation {
    const result = this.evaluate(rule, data, false);
    const varsRead: VarRead[] = [];
    for (const [path, value] of this.varsRead) varsRead.push({ path, value });
    return { result, trace: this.trace, topEntries: this.topEntries, varsRead, truncated: this.truncated };
  }

  private charge(steps: number): void {
    this.steps += steps;
    if (this.steps > MAX_EVALUATION_STEPS) {
      throw new OperatorError('budget', `the evaluation needs more than ${MAX_EVALUATION_STEPS} steps`);
    }
  }

  private open(pointer: string, operator: string, evaluated: boolean): TraceEntry | undefined {
    if (this.trace.length >= MAX_TRACE_ENTRIES) {
      this.truncated = true;
      return undefined;
    }
    const entry: TraceEntry = { pointer, operator, evaluated };
    if (this.iteration.length > 0) entry.iteration = this.iteration.slice();
    this.trace.push(entry);
    return entry;
  }

  /** Records the operations of a subtree that a lazy operator did not evaluate. */
  private skip(node: CompiledNode): void {
    if (node.kind === 'literal') return;
    if (node.kind === 'array') {
      for (const item of node.items) this.skip(item);
      return;
    }
    this.open(node.pointer, node.operator, false);
    for (const arg of node.args) this.skip(arg);
  }

  private evaluate(node: CompiledNode, data: unknown, scoped: boolean): unknown {
    if (node.kind === 'literal') return node.value;
    if (node.kind === 'array') {
      const out = new Array<unknown>(node.items.length);
      for (let i = 0; i < out.length; i += 1) out[i] = this.evaluate(node.items[i] as CompiledNode, data, scoped);
      return out;
    }
    const entry = this.record ? this.open(node.pointer, node.operator, true) : undefined;
    if (entry && this.iteration.length === 0) this.topEntries[node.id] = entry;
    try {
      this.charge(1);
      let value: unknown;
      switch (node.kind) {
        case 'if':
          value = this.branch(node, data, scoped, entry);
          break;
        case 'and':
        case 'or':
          value = this.logical(node, data, scoped, entry);
          break;
        case 'scoped':
          value = this.iterate(node, data, scoped, entry);
          break;
        case 'read':
          value = this.read(node, data, scoped, entry);
          break;
        default:
          value = this.call(node, data, scoped, entry);
      }
      if (entry) {
        entry.value = previewValue(value);
        if (typeof value === 'number' && !Number.isFinite(value)) entry.nonFinite = String(value);
      }
      return value;
    } catch (error) {
      if (error instanceof LocatedError) throw error;
      throw new LocatedError(node.pointer, node.operator, error);
    }
  }

  /** Evaluates an argument, showing its value in the entry's args when tracing. */
  private argument(node: CompiledOperation, i: number, data: unknown, scoped: boolean, shown: JsonValue[] | undefined): unknown {
    const value = this.evaluate(node.args[i] as CompiledNode, data, scoped);
    if (shown) shown[i] = previewValue(value);
    return value;
  }

  private skipArgument(node: CompiledOperation, i: number, entry: TraceEntry | undefined): void {
    if (!entry) return;
    (entry.unevaluated ??= []).push(i);
    this.skip(node.args[i] as CompiledNode);
  }

  private branch(node: CompiledOperation, data: unknown, scoped: boolean, entry: TraceEntry | undefined): unknown {
    const count = node.args.length;
    const shown = entry ? (entry.args = new Array<JsonValue>(count).fill(null)) : undefined;
    let i = 0;
    for (; i < count - 1; i += 2) {
      if (jsonLogic.truthy(this.argument(node, i, data, scoped, shown))) {
        const value = this.argument(node, i + 1, data, scoped, shown);
        for (let j = i + 2; j < count; j += 1) this.skipArgument(node, j, entry);
        if (entry) entry.branch = i === 0 ? 'then' : `elseif-${i / 2}`;
        return value;
      }
      this.skipArgument(node, i + 1, entry);
    }
    if (entry) entry.branch = 'else';
    return count === i + 1 ? this.argument(node, i, data, scoped, shown) : null;
  }

  private logical(node: CompiledOperation, data: unknown, scoped: boolean, entry: TraceEntry | undefined): unknown {
    const stopOn = node.kind === 'or';
    const count = node.args.length;
    const shown = entry ? (entry.args = new Array<JsonValue>(count).fill(null)) : undefined;
    let current: unknown;
    for (let i = 0; i < count; i += 1) {
      current = this.argument(node, i, data, scoped, shown);
      if (jsonLogic.truthy(current) === stopOn) {
        for (let j = i + 1; j < count; j += 1) this.skipArgument(node, j, entry);
        if (entry) entry.branch = `${stopOn ? 'truthy' : 'falsy'}-${i}`;
        return current;
      }
    }
    if (entry) entry.branch = stopOn ? 'all-falsy' : 'all-truthy';
    return current;
  }

  /** map/filter/reduce/all/none/some, step for step as json-logic-js runs them. */
  private iterate(node: CompiledOperation, data: unknown, scoped: boolean, entry: TraceEntry | undefined): unknown {
    const { operator, args } = node;
    const shown = entry ? (entry.args = new Array<JsonValue>(args.length).fill(null)) : undefined;
    const items = this.argument(node, 0, data, scoped, shown);
    const initial = operator === 'reduce' ? (args.length > 2 ? this.argument(node, 2, data, scoped, shown) : null) : undefined;
    const list = Array.isArray(items) ? items : [];
    this.charge(list.length >> 5);
    if (list.length === 0) this.skipArgument(node, 1, entry);
    const bodyNode = args[1] as CompiledNode;
    const body = (element: unknown, index: number): unknown => {
      this.iteration.push(index);
      try {
        return this.evaluate(bodyNode, element, true);
      } finally {
        this.iteration.pop();
      }
    };
    const truthy = (element: unknown, index: number): boolean => jsonLogic.truthy(body(element, index));
    switch (operator) {
      case 'map':
        return list.map(body);
      case 'filter':
        return list.filter(truthy);
      case 'reduce':
        if (!Array.isArray(items)) return initial;
        return list.reduce((accumulator: unknown, current, index) => body({ current, accumulator }, index), initial);
      case 'all':
        return list.length > 0 && list.every(truthy);
      case 'none':
        return !list.some(truthy);
      default:
        return list.some(truthy);
    }
  }

  /**
   * var / missing / missing_some read the data, so the library evaluates
   * them on their own node (their arguments are pure and cheap to redo);
   * computed paths are checked first, as the rule check could not.
   */
  private read(node: CompiledOperation, data: unknown, scoped: boolean, entry: TraceEntry | undefined): unknown {
    const { operator } = node;
    let values = node.literalArgs;
    if (values === undefined) {
      values = node.args.map((_, i) => this.evaluate(node.args[i] as CompiledNode, data, scoped));
      const keys: unknown[] =
        operator === 'var' ? values.slice(0, 1) : operator === 'missing_some' ? (Array.isArray(values[1]) ? values[1] : []) : Array.isArray(values[0]) ? values[0] : values;
      for (const key of keys) {
        const forbidden = findForbiddenSegment(key);
        if (forbidden !== undefined) {
          throw new OperatorError('forbidden-path', `${operator}: the path ${JSON.stringify(key)} goes through "${forbidden}", which policies may not read`);
        }
      }
    }
    const value = jsonLogic.apply(node.source, data);
    if (entry) {
      entry.args = values.map((value) => previewValue(value));
      if (operator === 'var' && !scoped) {
        const path = values[0] === undefined || values[0] === null ? '' : String(values[0]);
        if (!this.varsRead.has(path)) this.varsRead.set(path, previewValue(value));
      }
    }
    return value;
  }

  private call(node: CompiledOperation, data: unknown, scoped: boolean, entry: TraceEntry | undefined): unknown {
    const count = node.args.length;
    const values = new Array<unknown>(count);
    let size = 0;
    for (let i = 0; i < count; i += 1) {
      const value = this.evaluate(node.args[i] as CompiledNode, data, scoped);
      values[i] = value;
      size += sizeOf(value);
    }
    if (size >= 32) this.charge(size >> 5);
    if (entry) entry.args = values.map((value) => previewValue(value));
    return node.custom ? node.custom(...values) : callBuiltin(node.call as NonNullable<CompiledOperation['call']>, values);
  }
}
