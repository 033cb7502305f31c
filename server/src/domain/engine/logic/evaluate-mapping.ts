import jsonLogic from 'json-logic-js';
import { isPlainObject, readOperation } from './logic-operations.js';

/**
 * Evaluates a mapping: JSON whose leaves may be JSON-logic. An object whose
 * only key is an operation is logic; every other object or array is built
 * member by member, so a request body can be written as the object it becomes.
 */
export function evaluateMapping(mapping: unknown, data: unknown): unknown {
  if (readOperation(mapping)) return jsonLogic.apply(mapping as jsonLogic.RulesLogic, data);
  if (Array.isArray(mapping)) return mapping.map((item) => evaluateMapping(item, data));
  if (isPlainObject(mapping)) {
    const built: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(mapping)) built[key] = evaluateMapping(value, data);
    return built;
  }
  return mapping;
}

/** Evaluates every member of a `{ field: mapping }` object. */
export function evaluateFields(fields: Record<string, unknown>, data: unknown): Record<string, unknown> {
  const built: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) built[key] = evaluateMapping(value, data);
  return built;
}

/** A condition holds when its value is truthy by JSON-logic's rules (empty arrays are false). */
export function evaluateCondition(condition: unknown, data: unknown): boolean {
  return jsonLogic.truthy(evaluateMapping(condition, data));
}

/** Reads a dot path the way `{"var": path}` does, without building a logic object per call. */
export function readVarPath(data: unknown, path: string): unknown {
  if (path === '') return data;
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
