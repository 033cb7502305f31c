import type { TraceEntry } from './interpret-rule.js';
import { formatValue } from './json-value.js';
import { MAX_EXPLANATION_LENGTH } from './limits.js';
import type { CompiledNode, CompiledOperation } from './prepare-rule.js';

const COMPARISONS = new Set(['==', '===', '!=', '!==', '>', '>=', '<', '<=', 'in']);

function isFalsy(value: unknown): boolean {
  return !value || (Array.isArray(value) && value.length === 0);
}

/**
 * Builds the one-line "why" of a traced evaluation from the compiled rule and
 * the trace entries of its top scope: the deciding comparisons of and/or, the
 * conditions that chose an if branch, variables with their values.
 */
class Explainer {
  constructor(private readonly entries: Array<TraceEntry | undefined>) {}

  /** A value-producing expression with what it evaluated to: `invoice.amount 15450`. */
  operand(node: CompiledNode, showValue = true): string {
    if (node.kind === 'literal') return formatValue(node.value);
    if (node.kind === 'array') return node.items.every((item) => item.kind === 'literal') ? formatValue(node.items.map((item) => (item as { value: unknown }).value)) : '[…]';
    const entry = this.entries[node.id];
    if (node.operator === 'var') {
      const path = varPath(node);
      return entry ? `${path} ${valueOf(entry)}` : path;
    }
    const call = `${node.operator}(${node.args.map((arg) => this.operand(arg, false)).join(', ')})`;
    return showValue && entry ? `${call} = ${valueOf(entry)}` : call;
  }

  /** The clauses that make a node's value what it is. */
  reasons(node: CompiledNode): string[] {
    if (node.kind !== 'literal' && node.kind !== 'array') {
      const entry = this.entries[node.id];
      if (entry) return this.operationReasons(node, entry);
    }
    return [this.operand(node)];
  }

  private operationReasons(node: CompiledOperation, entry: TraceEntry): string[] {
    const { operator, args } = node;
    switch (operator) {
      case 'and':
      case 'or': {
        // 'falsy-2' / 'truthy-0' name the operand that decided; 'all-…' means all of them did
        const branch = entry.branch ?? '';
        if (!branch.startsWith('all-')) return this.reasons(args[Number(branch.slice(branch.indexOf('-') + 1))] as CompiledNode);
        const clauses: string[] = [];
        for (const arg of args) clauses.push(...this.reasons(arg));
        return clauses;
      }
      case '!':
      case '!!':
        return this.reasons(args[0] as CompiledNode);
      case 'if':
      case '?:':
        return this.branchReasons(args, entry.branch ?? 'else');
      case 'var':
        return [`${varPath(node)} is ${valueOf(entry)}`];
      case 'between': {
        const [x, lo, hi] = args.map((arg) => this.operand(arg));
        return [`${x} between ${lo} and ${hi}${isFalsy(entry.value) ? ' is false' : ''}`];
      }
      default:
        if (COMPARISONS.has(operator)) {
          return [`${args.map((arg) => this.operand(arg)).join(` ${operator} `)}${isFalsy(entry.value) ? ' is false' : ''}`];
        }
        return [`${this.operand(node, false)} is ${valueOf(entry)}`];
    }
  }

  private branchReasons(args: CompiledNode[], branch: string): string[] {
    const taken = branch === 'then' ? 0 : branch.startsWith('elseif-') ? Number(branch.slice(7)) * 2 : -1;
    const clauses: string[] = [];
    if (taken >= 0) clauses.push(...this.reasons(args[taken] as CompiledNode));
    else for (let i = 0; i < args.length - 1; i += 2) clauses.push(...this.reasons(args[i] as CompiledNode));
    const chosen = taken >= 0 ? taken + 1 : args.length % 2 === 1 ? args.length - 1 : -1;
    const chosenNode = args[chosen];
    if (chosenNode && chosenNode.kind !== 'literal') clauses.push(...this.reasons(chosenNode));
    return clauses;
  }
}

function varPath(node: CompiledOperation): string {
  const first = node.args[0];
  if (first === undefined) return 'data';
  if (first.kind !== 'literal') return 'var(…)';
  const path = first.value;
  if (path === null || path === '') return 'data';
  return typeof path === 'string' || typeof path === 'number' ? String(path) : 'var(…)';
}

function valueOf(entry: TraceEntry): string {
  return entry.nonFinite ?? formatValue(entry.value);
}

export function explainEvaluation(root: CompiledNode, entries: Array<TraceEntry | undefined>, result: unknown, truncated: boolean): string {
  const value = formatValue(result);
  if (root.kind === 'literal' || root.kind === 'array') return `${value} (the rule is a constant)`;
  const clauses = new Explainer(entries).reasons(root);
  const unique = clauses.filter((clause, i) => clauses.indexOf(clause) === i);
  const text = `${value} because ${unique.join(' and ')}${truncated ? ' (trace cut short)' : ''}`;
  return text.length > MAX_EXPLANATION_LENGTH ? `${text.slice(0, MAX_EXPLANATION_LENGTH - 1)}…` : text;
}

const untraced = new Map<unknown, string>();

/** The explanation of an untraced evaluation: the result only. Memoized for the few scalar results policies give. */
export function explainUntraced(result: unknown): string {
  let text = untraced.get(result);
  if (text === undefined) {
    text = `${formatValue(result)} (evaluated without trace; evaluate with trace for the reasons)`;
    if (typeof result !== 'object' && untraced.size < 256 && (typeof result !== 'string' || result.length <= 60)) untraced.set(result, text);
  }
  return text;
}
