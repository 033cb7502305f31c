import type { JsonSchema } from './template.model.js';

/** What a path into a schema leads to. `unknown` means the schema is too open to tell, so the read is allowed. */
export type SchemaLookup =
  | { kind: 'found'; schema: JsonSchema }
  | { kind: 'unknown' }
  | { kind: 'missing'; depth: number; available: string[] };

const COMBINATORS = ['anyOf', 'oneOf', 'allOf', '$ref', '$dynamicRef', 'if'];

export function readTypes(schema: JsonSchema | undefined): string[] {
  const type = schema?.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === 'string');
  return [];
}

function readProperties(schema: JsonSchema): Record<string, JsonSchema> | undefined {
  const properties = schema.properties;
  return typeof properties === 'object' && properties !== null ? (properties as Record<string, JsonSchema>) : undefined;
}

function isOpaque(schema: JsonSchema): boolean {
  return COMBINATORS.some((keyword) => keyword in schema) && readTypes(schema).length === 0;
}

/**
 * Follows a var path (already split on dots) through a schema. A schema that
 * declares properties is treated as closed: reading an undeclared field is the
 * typo this check exists to catch. Arrays accept item indexes and `length`,
 * as json-logic's `var` does.
 */
export function resolveSchemaPath(schema: JsonSchema, segments: readonly string[]): SchemaLookup {
  let current: JsonSchema = schema;
  for (let depth = 0; depth < segments.length; depth += 1) {
    const segment = segments[depth] as string;
    if (isOpaque(current)) return { kind: 'unknown' };
    const types = readTypes(current);
    const properties = readProperties(current);
    if (properties || types.includes('object')) {
      const next = properties?.[segment];
      if (next !== undefined) {
        current = toSchema(next);
        continue;
      }
      const additional = current.additionalProperties;
      if (typeof additional === 'object' && additional !== null) {
        current = additional as JsonSchema;
        continue;
      }
      if (additional === false || properties) return { kind: 'missing', depth, available: Object.keys(properties ?? {}) };
      return { kind: 'unknown' };
    }
    if (types.includes('array')) {
      if (segment === 'length') {
        current = { type: 'integer' };
        continue;
      }
      if (/^\d+$/.test(segment)) {
        const prefix = current.prefixItems;
        const indexed = Array.isArray(prefix) ? (prefix[Number(segment)] as JsonSchema | undefined) : undefined;
        const items = indexed ?? (current.items as JsonSchema | undefined);
        if (items === undefined) return { kind: 'unknown' };
        current = toSchema(items);
        continue;
      }
      return { kind: 'missing', depth, available: ['length', '<index>'] };
    }
    if (types.includes('string') && segment === 'length') {
      current = { type: 'integer' };
      continue;
    }
    if (types.length === 0) return { kind: 'unknown' };
    return { kind: 'missing', depth, available: [] };
  }
  return { kind: 'found', schema: current };
}

function toSchema(value: unknown): JsonSchema {
  // `true` and `{}` both accept anything; `false` accepts nothing but reading it is still a design error elsewhere.
  return typeof value === 'object' && value !== null ? (value as JsonSchema) : {};
}

/**
 * Whether a value described by `actual` may be given where `expected` is
 * declared. Unknown on either side passes; integer fits number; null is
 * ignored on the actual side because optional fields are nullable in practice.
 */
export function isTypeCompatible(expected: JsonSchema | undefined, actual: JsonSchema | undefined): boolean {
  const want = readTypes(expected);
  const have = readTypes(actual).filter((type) => type !== 'null');
  if (want.length === 0 || have.length === 0) return true;
  return have.some((type) => want.includes(type) || (type === 'integer' && want.includes('number')) || (type === 'number' && want.includes('integer')));
}

export function describeType(schema: JsonSchema | undefined): string {
  const types = readTypes(schema).filter((type) => type !== 'null');
  if (types.length === 0) return 'a value of any type';
  const words = types.map((type) => (type === 'integer' || type === 'array' || type === 'object' ? `an ${type}` : `a ${type}`));
  return words.join(' or ');
}
