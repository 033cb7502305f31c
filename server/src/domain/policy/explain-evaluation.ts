import { formatValue } from './json-value.js';
import { MAX_EXPLANATION_LENGTH } from './limits.js';
import type { TraceEntry } from './interpret-rule.js';
import { asOperation } from './rule-node.js';

const COMPARISONS = new Set(['==', '===', '!=', '!==', '>', '>=', '<', '<=', 'in']);

/**
 * Builds the one-line "why" of a traced evaluation from the rule and the
 * trace entries of its top scope: the deciding comparisons of and/or, the
 * conditions that chose an if branch, variables with their values.
 */
class Explainer {
  private readonly entries = new Map<string, TraceEntry>();

  constructor(trace: TraceEntry[]) {
    for (const entry of trace) {
      if (entry.evaluated && entry.iteration === undefined) this.entries.set(entry.pointer, entry);
    }
  }

  /** A value-producing expression with what it evaluated to: `invoice.amount 15450`. */
  operand(node: unknown, pointer: string, showValue = true): string {
    const operation = asOperation(node, pointer);
    if (!operation) return formatValue(node);
    const entry = this.entries.get(pointer);
    if (operation.operator === 'var') {
      const path = this.varPath(operation.args[0]);
      return entry ? `${path} ${this.valueOf(entry)}` : path;
    }
    const inner = operation.args.map((arg, i) => this.operand(arg, operation.at(i), false)).join(', ');
    const call = `${operation.operator}(${inner})`;
    return showValue && entry ? `${call} = ${this.valueOf(entry)}` : call;
  }

  private varPath(path: unknown): string {
    if (path === undefined || path === null || path === '') return 'data';
    return typeof path === 'string' || typeof path === 'number' ? String(path) : 'var(…)';
  }

  private valueOf(entry: TraceEntry): string {
    return entry.nonFinite ?? formatValue(entry.value);
  }

  /** The clauses that make a node's value what it is. */
  reasons(node: unknown, pointer: string): string[] {
    const operation = asOperation(node, pointer);
    if (!operation) return [formatValue(node)];
    const entry = this.entries.get(pointer);
    if (!entry) return [this.operand(node, pointer)];
    const { operator, args, at } = operation;
    const falsy = entry.value === false || entry.value === null || entry.value === 0 || entry.value === '' ||
      (Array.isArray(entry.value) && entry.value.length === 0);
    const stop = Number(entry.branch?.split('-')[1]);
    switch (operator) {
      case 'and':
      case 'or':
        if (Number.isInteger(stop)) return this.reasons(args[stop], at(stop));
        return args.flatMap((arg, i) => this.reasons(arg, at(i)));
      case '!':
      case '!!':
        return this.reasons(args[0], at(0));
      case 'if':
      case '?:':
        return this.branchReasons(args, at, entry.branch ?? 'else');
      case 'var':
        return [`${this.varPath(args[0])} is ${this.valueOf(entry)}`];
      case 'between':
        return [
          `${this.operand(args[0], at(0))} between ${this.operand(args[1], at(1))} and ${this.operand(args[2], at(2))}${falsy ? ' is false' : ''}`,
        ];
      default:
        if (COMPARISONS.has(operator)) {
          const sides = args.map((arg, i) => this.operand(arg, at(i)));
          return [`${sides.join(` ${operator} `)}${falsy ? ' is false' : ''}`];
        }
        return [`${this.operand(node, pointer, false)} is ${this.valueOf(entry)}`];
    }
  }

  private branchReasons(args: unknown[], at: (i: number) => string, branch: string): string[] {
    const taken = branch === 'then' ? 0 : branch.startsWith('elseif-') ? Number(branch.slice(7)) * 2 : -1;
    const clauses: string[] = [];
    const conditions = taken >= 0 ? [taken] : args.map((_, i) => i).filter((i) => i % 2 === 0 && i < args.length - 1);
    for (const i of conditions) clauses.push(...this.reasons(args[i], at(i)));
    const chosen = taken >= 0 ? taken + 1 : args.length % 2 === 1 ? args.length - 1 : -1;
    if (chosen >= 0 && asOperation(args[chosen], at(chosen))) clauses.push(...this.reasons(args[chosen], at(chosen)));
    return clauses;
  }
}

export function explainEvaluation(logic: unknown, trace: TraceEntry[], result: unknown, truncated: boolean): string {
  const value = formatValue(result);
  if (!asOperation(logic, '')) return `${value} (the rule is a constant)`;
  const clauses = [...new Set(new Explainer(trace).reasons(logic, ''))];
  const text = `${value} because ${clauses.join(' and ')}${truncated ? ' (trace cut short)' : ''}`;
  return text.length > MAX_EXPLANATION_LENGTH ? `${text.slice(0, MAX_EXPLANATION_LENGTH - 1)}…` : text;
}

export function explainUntraced(result: unknown): string {
  return `${formatValue(result)} (evaluated without trace; evaluate with trace for the reasons)`;
}
