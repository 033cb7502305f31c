/**
 * The operations json-logic-js 2.0.5 ships. Mappings treat a one-key object as
 * logic only when its key is one of these, so `{ "currency": "EUR" }` inside a
 * mapping stays a literal object instead of failing as an unknown operation.
 */
export const JSON_LOGIC_OPERATIONS: ReadonlySet<string> = new Set([
  'var', 'missing', 'missing_some', 'if', '?:', '==', '===', '!=', '!==', '!', '!!', 'or', 'and',
  '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'map', 'filter', 'reduce', 'all',
  'none', 'some', 'merge', 'in', 'cat', 'substr', 'log',
]);

const registered = new Set<string>();

/**
 * Makes an operation added to json-logic-js elsewhere (the policy domain's
 * custom operators) count as logic in mappings too. Call it where those
 * operators are registered; until then `{ "abs": ... }` in a mapping is a
 * literal object.
 */
export function registerMappingOperation(name: string): void {
  registered.add(name);
}

export function isMappingOperation(name: string): boolean {
  return JSON_LOGIC_OPERATIONS.has(name) || registered.has(name);
}

/** Operations whose arguments after the first run once per array item, with the item as data. */
export const ITEM_SCOPED_OPERATIONS: ReadonlySet<string> = new Set(['map', 'filter', 'reduce', 'all', 'some', 'none']);

/** Operations that read paths given as plain strings; they test for absence, so they are not references. */
export const PATH_TESTING_OPERATIONS: ReadonlySet<string> = new Set(['missing', 'missing_some']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON-logic node: an object with exactly one key, that key a known operation. */
export function readOperation(value: unknown): { op: string; args: unknown[] } | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const op = keys[0] as string;
  if (!isMappingOperation(op)) return undefined;
  const raw = value[op];
  return { op, args: Array.isArray(raw) ? raw : [raw] };
}

/** Dot path as json-logic's `var` reads it; `''` is the whole data object. */
export function splitVarPath(path: string): string[] {
  return path === '' ? [] : path.split('.');
}
