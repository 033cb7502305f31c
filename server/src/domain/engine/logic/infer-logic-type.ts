import type { JsonSchema } from '../../template/template.model.js';
import { isPlainObject, readOperation } from './logic-operations.js';

/** Resolves a var path to the schema of the value it reads; undefined when that cannot be known. */
export type PathSchemaResolver = (path: string) => JsonSchema | undefined;

const NUMBER_OPS = new Set(['+', '-', '*', '/', '%', 'min', 'max']);
const BOOLEAN_OPS = new Set(['==', '===', '!=', '!==', '!', '!!', '>', '>=', '<', '<=', 'in', 'all', 'some', 'none']);
const STRING_OPS = new Set(['cat', 'substr']);
const ARRAY_OPS = new Set(['map', 'filter', 'merge', 'missing', 'missing_some']);

/**
 * Infers the JSON Schema of what a mapping produces, as far as it is knowable
 * before a run: literal types, the schema behind a `var`, and the result type
 * of arithmetic, comparison and string operations. Undefined means "unknown",
 * which design-time checks accept rather than guess.
 */
export function inferMappingSchema(mapping: unknown, resolve: PathSchemaResolver): JsonSchema | undefined {
  const operation = readOperation(mapping);
  if (operation) return inferOperation(operation.op, operation.args, resolve);
  if (mapping === null) return { type: 'null' };
  if (Array.isArray(mapping)) return { type: 'array' };
  if (isPlainObject(mapping)) {
    const properties: Record<string, JsonSchema> = {};
    for (const [key, value] of Object.entries(mapping)) properties[key] = inferMappingSchema(value, resolve) ?? {};
    return { type: 'object', properties, required: Object.keys(properties) };
  }
  switch (typeof mapping) {
    case 'string':
      return { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return { type: Number.isInteger(mapping) ? 'integer' : 'number' };
    default:
      return undefined;
  }
}

function inferOperation(op: string, args: unknown[], resolve: PathSchemaResolver): JsonSchema | undefined {
  if (op === 'var') {
    const [path, fallback] = args;
    if (typeof path !== 'string' && typeof path !== 'number') return undefined;
    const found = resolve(String(path));
    if (args.length < 2 || !found) return found;
    return uniteSchemas([found, inferMappingSchema(fallback, resolve)]);
  }
  if (NUMBER_OPS.has(op)) return { type: 'number' };
  if (BOOLEAN_OPS.has(op)) return { type: 'boolean' };
  if (STRING_OPS.has(op)) return { type: 'string' };
  if (ARRAY_OPS.has(op)) return { type: 'array' };
  if (op === 'if' || op === '?:') {
    // Results sit at odd indexes plus the final else.
    const results = args.filter((_, index) => index % 2 === 1 || index === args.length - 1);
    return uniteSchemas(results.map((result) => inferMappingSchema(result, resolve)));
  }
  if (op === 'and' || op === 'or') return uniteSchemas(args.map((arg) => inferMappingSchema(arg, resolve)));
  return undefined;
}

/** The schema of "one of these": the shared type when all agree, else unknown. */
function uniteSchemas(schemas: Array<JsonSchema | undefined>): JsonSchema | undefined {
  const types = new Set<string>();
  for (const schema of schemas) {
    const type = schema?.type;
    if (typeof type !== 'string') return undefined;
    types.add(type === 'integer' ? 'number' : type);
  }
  if (types.size === 1) return schemas.length === 1 ? schemas[0] : { type: [...types][0] };
  return { type: [...types] };
}
