import { ValidationError } from '../errors/index.js';
import { SCOPED_OPERATORS } from './builtin-operators.js';
import { inspectRule } from './inspect-rule.js';
import { asOperation, literalPath } from './rule-node.js';

export interface VarPathUse {
  /** Dotted data path as json-logic reads it ('' is the whole data). */
  path: string;
  /** JSON pointer inside the rule of the `var` (or of the `missing` key). */
  pointer: string;
}

/**
 * The data paths a rule reads from its input: literal `var` paths and
 * `missing`/`missing_some` keys, in rule order. Paths inside map/filter/
 * reduce/all/some/none bodies read the element, not the input, and are left
 * out; computed paths cannot be known and are left out too. A rule too deep
 * or too large to walk is a ValidationError.
 */
export function collectVarPaths(logic: unknown): VarPathUse[] {
  const blocking = inspectRule(logic, true).problems.filter((p) => p.rule === 'depth' || p.rule === 'size');
  if (blocking.length > 0) throw new ValidationError(`invalid rule: ${blocking[0]?.message}`, blocking);
  const uses: VarPathUse[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${pointer}/${i}`));
      return;
    }
    const operation = asOperation(node, pointer);
    if (!operation) return;
    const { operator, args, at } = operation;
    const addKeys = (keys: unknown[], pointerOf: (i: number) => string): void => {
      keys.forEach((key, i) => {
        const path = literalPath(key);
        if (path === undefined) visit(key, pointerOf(i));
        else uses.push({ path, pointer: pointerOf(i) });
      });
    };
    if (operator === 'var') {
      const path = literalPath(args[0]);
      if (path !== undefined) uses.push({ path, pointer });
      args.forEach((arg, i) => (i === 0 && path !== undefined ? undefined : visit(arg, at(i))));
      return;
    }
    if (operator === 'missing') {
      if (args.length === 1 && Array.isArray(args[0])) addKeys(args[0], (i) => `${at(0)}/${i}`);
      else addKeys(args, at);
      return;
    }
    if (operator === 'missing_some') {
      visit(args[0], at(0));
      if (Array.isArray(args[1])) addKeys(args[1], (i) => `${at(1)}/${i}`);
      else visit(args[1], at(1));
      return;
    }
    const scoped = SCOPED_OPERATORS.has(operator);
    args.forEach((arg, i) => {
      if (!(scoped && i === 1)) visit(arg, at(i));
    });
  };
  visit(logic, '');
  return uses;
}
