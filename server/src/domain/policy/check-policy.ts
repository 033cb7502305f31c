import type { FieldProblem } from '../errors/index.js';
import { SCOPED_OPERATORS } from './builtin-operators.js';
import { inspectRule } from './inspect-rule.js';
import { isPlainObject } from './json-value.js';
import { argKindAt, type ArgKind, type ValueKind } from './operator-signature.js';
import { findOperator } from './operator-registry.js';
import { asOperation, literalPath, type Operation } from './rule-node.js';
import { itemsScope, kindOfValue, resolvePath, rootScope, type SchemaScope } from './schema-paths.js';

type Schema = Record<string, unknown>;
/** What static checks know about an expression: its possible JSON kinds (undefined: anything). */
type Kinds = ValueKind[] | undefined;

/** The scope a var reads from; undefined when unknown (element of an untyped array): such vars are not checked. */
type Scope = SchemaScope | undefined;

const ACCEPTS: Record<Exclude<ArgKind, 'any' | 'comparable'>, ValueKind[]> = {
  number: ['number'],
  string: ['string'],
  date: ['string'],
  array: ['array'],
  collection: ['array', 'string'],
};

const describeKinds = (kinds: ValueKind[]): string => kinds.join(' or ');

/**
 * Static checks of a rule: structure, operators and argument counts always;
 * with an input schema, also that every `var` path exists in it and has a
 * type that fits how it is used. Vars inside map/filter/reduce/all/some/none
 * bodies are checked against the array's item schema when it is known and
 * skipped otherwise, never guessed.
 */
export function checkPolicy(logic: unknown, inputSchema?: unknown): FieldProblem[] {
  const { problems } = inspectRule(logic, true);
  if (problems.some((problem) => problem.rule === 'depth' || problem.rule === 'size')) return problems;
  if (isPlainObject(inputSchema)) new SchemaChecker(inputSchema, problems).visit(logic, '', rootScope(inputSchema));
  return problems;
}

class SchemaChecker {
  constructor(
    private readonly root: Schema,
    private readonly problems: FieldProblem[],
  ) {}

  visit(node: unknown, pointer: string, scope: Scope): Kinds {
    if (Array.isArray(node)) {
      node.forEach((item, i) => this.visit(item, `${pointer}/${i}`, scope));
      return ['array'];
    }
    const operation = asOperation(node, pointer);
    if (!operation) return typeof node === 'object' && node !== null ? undefined : [kindOfValue(node)];
    const { operator, args, at } = operation;
    switch (operator) {
      case 'var':
        return this.visitVar(operation, pointer, scope);
      case 'missing':
      case 'missing_some':
        this.visitKeys(operation, scope);
        return ['array'];
      default:
        break;
    }
    if (SCOPED_OPERATORS.has(operator)) return this.visitScoped(operation, scope);
    const kinds = args.map((arg, i) => this.visit(arg, at(i), scope));
    if (operator === 'if' || operator === '?:') {
      return union(kinds.filter((_, i) => i % 2 === 1 || i === kinds.length - 1), args.length % 2 === 0);
    }
    if (operator === 'and' || operator === 'or') return union(kinds, false);
    const signature = findOperator(operator);
    if (!signature) return undefined;
    this.checkArgumentKinds(operation, kinds);
    return signature.returns;
  }

  private visitVar({ args, at }: Operation, pointer: string, scope: Scope): Kinds {
    const fallback = args.length > 1 ? this.visit(args[1], at(1), scope) : undefined;
    const path = literalPath(args[0]);
    if (path === undefined) {
      this.visit(args[0], at(0), scope);
      return undefined;
    }
    if (scope === undefined) return undefined;
    const resolution = resolvePath(this.root, scope, path);
    if (!resolution.found) {
      this.report(pointer, 'unknown-var', `"${path}" is not in the input schema (no "${resolution.segment}" there)`);
      return undefined;
    }
    if (resolution.kinds === undefined || (args.length > 1 && fallback === undefined)) return undefined;
    return args.length > 1 ? union([resolution.kinds, fallback], false) : resolution.kinds;
  }

  private visitKeys({ operator, args, at }: Operation, scope: Scope): void {
    const keyList = operator === 'missing_some' ? args[1] : args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    const base = operator === 'missing_some' ? at(1) : args.length === 1 && Array.isArray(args[0]) ? at(0) : undefined;
    if (!Array.isArray(keyList)) return;
    keyList.forEach((key, i) => {
      const path = literalPath(key);
      const keyPointer = base === undefined ? at(i) : `${base}/${i}`;
      if (path === undefined) {
        this.visit(key, keyPointer, scope);
        return;
      }
      if (scope === undefined) return;
      const resolution = resolvePath(this.root, scope, path);
      if (!resolution.found) this.report(keyPointer, 'unknown-var', `"${path}" is not in the input schema (no "${resolution.segment}" there)`);
    });
  }

  /** map/filter/reduce/all/some/none: the body reads the element (reduce: {current, accumulator}). */
  private visitScoped(operation: Operation, scope: Scope): Kinds {
    const { operator, args, at } = operation;
    const arrayKinds = this.visit(args[0], at(0), scope);
    this.checkArgumentKinds(operation, [arrayKinds]);
    const element = this.elementScope(args[0], at(0), scope);
    const bodyScope: Scope =
      operator === 'reduce'
        ? element && !element.open
          ? { open: false, schemas: [{ type: 'object', properties: { current: { anyOf: element.schemas }, accumulator: true } }] }
          : undefined
        : element;
    const bodyKinds = this.visit(args[1], at(1), bodyScope);
    if (operator === 'reduce') {
      const initial = args.length > 2 ? this.visit(args[2], at(2), scope) : ['null' as ValueKind];
      return union([bodyKinds, initial], false);
    }
    return findOperator(operator)?.returns;
  }

  private elementScope(arrayNode: unknown, pointer: string, scope: Scope): Scope {
    const operation = asOperation(arrayNode, pointer);
    if (!operation || operation.operator !== 'var' || scope === undefined) return undefined;
    const path = literalPath(operation.args[0]);
    if (path === undefined) return undefined;
    const resolution = resolvePath(this.root, scope, path);
    if (!resolution.found) return undefined;
    return itemsScope(this.root, resolution.scope);
  }

  private checkArgumentKinds({ operator, args, at }: Operation, kinds: Kinds[]): void {
    const signature = findOperator(operator);
    if (!signature) return;
    const comparable = kinds.map((k, i) => (argKindAt(signature, i) === 'comparable' ? k : undefined));
    // Whether another comparable argument than `except` is certainly of this kind.
    const definitely = (kind: ValueKind, except: number): boolean =>
      comparable.some(
        (k, j) => j !== except && k !== undefined && k.includes(kind) && k.every((each) => each === kind || each === 'null'),
      );
    kinds.forEach((argKinds, i) => {
      const arg = args[i];
      if (argKinds === undefined || asOperation(arg, at(i))?.operator !== 'var') return;
      const present = argKinds.filter((kind) => kind !== 'null');
      if (present.length === 0) return;
      const expected = argKindAt(signature, i);
      const path = String(literalPath((asOperation(arg, at(i)) as Operation).args[0]) ?? 'var');
      if (expected === 'comparable') {
        const wanted: ValueKind | undefined = definitely('number', i) ? 'number' : definitely('string', i) ? 'string' : undefined;
        if (wanted && !present.includes(wanted)) {
          this.report(at(i), 'var-type', `"${path}" is ${describeKinds(present)} but "${operator}" compares it with a ${wanted}`);
        } else if (!present.includes('number') && !present.includes('string')) {
          this.report(at(i), 'var-type', `"${path}" is ${describeKinds(present)}, which "${operator}" cannot order`);
        }
        return;
      }
      if (expected === 'any') return;
      const accepted = ACCEPTS[expected];
      if (!present.some((kind) => accepted.includes(kind))) {
        this.report(at(i), 'var-type', `"${path}" is ${describeKinds(present)} but "${operator}" needs ${expected === 'date' ? 'an ISO date string' : describeKinds(accepted)} there`);
      }
    });
  }

  private report(path: string, rule: string, message: string): void {
    this.problems.push({ path, rule, message });
  }
}

function union(kinds: Kinds[], withNull: boolean): Kinds {
  if (kinds.some((k) => k === undefined)) return undefined;
  const all = new Set<ValueKind>(kinds.flatMap((k) => k as ValueKind[]));
  if (withNull) all.add('null');
  return [...all];
}
