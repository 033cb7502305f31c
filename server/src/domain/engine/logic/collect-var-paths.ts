import { escapePointer } from '../../shared/json-schema.js';
import { ITEM_SCOPED_OPERATIONS, PATH_TESTING_OPERATIONS, isPlainObject, readOperation } from './logic-operations.js';

/** A data path an expression reads, and where the `var` sits (JSON pointer relative to the walk's start). */
export interface VarPath {
  path: string;
  pointer: string;
}

/**
 * Lists the static `var` paths a mapping reads from its data. Paths inside the
 * per-item argument of map/filter/reduce/all/some/none read the item, not the
 * context, so they are left out; computed paths (`{"var": {"cat": ...}}`)
 * cannot be known before the run and only their inner references are listed.
 */
export function collectVarPaths(expression: unknown, pointer = ''): VarPath[] {
  const found: VarPath[] = [];
  walk(expression, pointer, found);
  return found;
}

function walk(node: unknown, pointer: string, found: VarPath[]): void {
  const operation = readOperation(node);
  if (operation) {
    const argsPointer = `${pointer}/${escapePointer(operation.op)}`;
    const argsIsArray = Array.isArray((node as Record<string, unknown>)[operation.op]);
    const argPointer = (index: number): string => (argsIsArray ? `${argsPointer}/${index}` : argsPointer);
    if (operation.op === 'var') {
      collectVar(operation.args, argPointer, found);
      return;
    }
    if (PATH_TESTING_OPERATIONS.has(operation.op)) return;
    const scoped = ITEM_SCOPED_OPERATIONS.has(operation.op);
    operation.args.forEach((arg, index) => {
      if (!scoped || index === 0 || (operation.op === 'reduce' && index === 2)) walk(arg, argPointer(index), found);
    });
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, `${pointer}/${index}`, found));
    return;
  }
  if (isPlainObject(node)) {
    for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${escapePointer(key)}`, found);
  }
}

function collectVar(args: unknown[], argPointer: (index: number) => string, found: VarPath[]): void {
  const [path] = args;
  if (typeof path === 'string') found.push({ path, pointer: argPointer(0) });
  else if (typeof path === 'number') found.push({ path: String(path), pointer: argPointer(0) });
  else if (path !== undefined && path !== null) walk(path, argPointer(0), found);
  // A default value is data, but it may itself be logic.
  if (args.length > 1) walk(args[1], argPointer(1), found);
}
