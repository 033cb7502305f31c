import { ValidationError } from '../errors/index.js';
import { escapePointer } from '../shared/json-schema.js';
import { DATA_READING_OPERATORS, SCOPED_OPERATORS } from './builtin-operators.js';
import { inspectRule, type RuleAnalysis } from './inspect-rule.js';
import { findCustomOperator } from './operator-registry.js';

/** How the interpreter runs an operation; decided once per rule, not per evaluation. */
export type OperationKind = 'if' | 'and' | 'or' | 'scoped' | 'read' | 'custom' | 'builtin';

export type CompiledNode =
  | { kind: 'literal'; value: unknown }
  | { kind: 'array'; items: CompiledNode[] }
  | CompiledOperation;

export interface CompiledOperation {
  kind: OperationKind;
  /** Position in rule order, indexing per-evaluation tables such as the top-scope trace entries. */
  id: number;
  operator: string;
  pointer: string;
  args: CompiledNode[];
  /** For built-ins: the rule handed to json-logic-js, whose argument slots are refilled per call. */
  call?: { rule: Record<string, unknown[]>; slots: unknown[] };
  /** The operation as written, for the operators json-logic-js evaluates on the data itself. */
  source: unknown;
  custom?: (...args: unknown[]) => unknown;
  /** For var/missing/missing_some written with literal arguments: those arguments. */
  literalArgs?: unknown[];
}

export interface PreparedRule {
  analysis: RuleAnalysis;
  /** The rule as the interpreter walks it, and its number of operations; built on first use. */
  compiled(): { root: CompiledNode; operations: number };
}

const cache = new WeakMap<object, PreparedRule>();

function kindOf(operator: string): OperationKind {
  if (operator === 'if' || operator === '?:') return 'if';
  if (operator === 'and' || operator === 'or') return operator;
  if (SCOPED_OPERATORS.has(operator)) return 'scoped';
  if (DATA_READING_OPERATORS.has(operator)) return 'read';
  return findCustomOperator(operator) ? 'custom' : 'builtin';
}

/** Recursion is safe here: only rules that passed the iterative depth check are compiled. */
function compile(node: unknown, pointer: string, counter: { next: number }): CompiledNode {
  if (Array.isArray(node)) return { kind: 'array', items: node.map((item, i) => compile(item, `${pointer}/${i}`, counter)) };
  if (typeof node !== 'object' || node === null) return { kind: 'literal', value: node };
  const keys = Object.keys(node);
  if (keys.length !== 1) return { kind: 'literal', value: node };
  const operator = keys[0] as string;
  const raw = (node as Record<string, unknown>)[operator];
  const base = `${pointer}/${escapePointer(operator)}`;
  const id = counter.next++;
  const args = Array.isArray(raw) ? raw.map((arg, i) => compile(arg, `${base}/${i}`, counter)) : [compile(raw, base, counter)];
  const kind = kindOf(operator);
  const compiled: CompiledOperation = { kind, id, operator, pointer, args, source: node };
  if (kind === 'read' && args.every((arg) => arg.kind === 'literal')) {
    compiled.literalArgs = args.map((arg) => (arg as { value: unknown }).value);
  }
  if (kind === 'custom') compiled.custom = findCustomOperator(operator)?.apply;
  if (kind === 'builtin') {
    const slots = new Array<unknown>(args.length).fill(null);
    compiled.call = { rule: { [operator]: slots }, slots };
  }
  return compiled;
}

function deepFreeze(root: object): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) continue;
    Object.freeze(value);
    for (const key of Object.keys(value)) stack.push((value as Record<string, unknown>)[key]);
  }
}

function reject(logic: unknown): never {
  const { problems } = inspectRule(logic, true);
  const summary = problems.slice(0, 3).map((p) => `${p.path || '/'}: ${p.message}`).join('; ');
  throw new ValidationError(`invalid rule: ${summary}`, problems);
}

/**
 * Checks a rule once and remembers it. A rule object that passes is deep-frozen
 * and its analysis kept in a WeakMap, so evaluating the same object again
 * costs one lookup: this is what keeps the untraced path near the speed of
 * json-logic-js. Freezing is what makes the memo sound: a checked rule cannot
 * be changed behind the check (rules are values; build a new object to change one).
 */
export function prepareRule(logic: unknown): PreparedRule {
  const key = typeof logic === 'object' && logic !== null ? logic : undefined;
  const known = key && cache.get(key);
  if (known) return known;
  const { problems, analysis } = inspectRule(logic, false);
  if (problems.length > 0) reject(logic);
  let compiled: { root: CompiledNode; operations: number } | undefined;
  const build = () => {
    const counter = { next: 0 };
    const root = compile(logic, '', counter);
    return { root, operations: counter.next };
  };
  const prepared: PreparedRule = { analysis, compiled: () => (compiled ??= build()) };
  if (key) {
    deepFreeze(key);
    cache.set(key, prepared);
  }
  return prepared;
}
