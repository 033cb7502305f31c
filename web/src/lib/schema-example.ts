import { unescapePointerToken } from './json-pointer.js';
import { isJsonRecord } from './json-text.js';

export interface SchemaExampleOptions {
  /** Leave out properties the schema does not require (default: include them, so people see what they may send). */
  requiredOnly?: boolean;
}

type Schema = Record<string, unknown>;

// A self-referencing schema ($ref cycles) must still give an answer.
const MAX_DEPTH = 8;

const STRING_FORMATS: Record<string, string> = {
  'date-time': '2025-01-31T09:00:00Z',
  date: '2025-01-31',
  time: '09:00:00Z',
  email: 'name@example.com',
  'idn-email': 'name@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
  'uri-reference': '/path',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uuid: '00000000-0000-4000-8000-000000000000',
};

/**
 * An example value that a JSON Schema (2020-12, the subset templates use)
 * accepts, to pre-fill a form: the schema's own `const`, `default`,
 * `examples` or first `enum` value when it has one; otherwise a placeholder
 * built from the type and its bounds. Strings become the property's name in
 * words (“customer name”), which reads as a prompt to replace it.
 */
export function buildExampleFromSchema(schema: unknown, options: SchemaExampleOptions = {}): unknown {
  return exampleOf(schema, { root: schema, options, depth: 0, name: 'text' });
}

interface Walk {
  root: unknown;
  options: SchemaExampleOptions;
  depth: number;
  /** The property the value is for, used as a string placeholder. */
  name: string;
}

function exampleOf(schema: unknown, walk: Walk): unknown {
  if (!isJsonRecord(schema) || walk.depth > MAX_DEPTH) return null;
  const given = declaredValue(schema);
  if (given.found) return given.value;

  if (typeof schema.$ref === 'string') {
    return exampleOf(resolveRef(walk.root, schema.$ref), { ...walk, depth: walk.depth + 1 });
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    return mergeExamples(schema.allOf.map((part) => exampleOf(part, { ...walk, depth: walk.depth + 1 })));
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const options = schema[keyword];
    if (Array.isArray(options) && options.length > 0) {
      const chosen = options.find((option) => !(isJsonRecord(option) && option.type === 'null')) ?? options[0];
      return exampleOf(chosen, { ...walk, depth: walk.depth + 1 });
    }
  }

  switch (pickType(schema)) {
    case 'object':
      return objectExample(schema, walk);
    case 'array':
      return arrayExample(schema, walk);
    case 'string':
      return stringExample(schema, walk.name);
    case 'integer':
      return numberExample(schema, true);
    case 'number':
      return numberExample(schema, false);
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function declaredValue(schema: Schema): { found: true; value: unknown } | { found: false } {
  if ('const' in schema) return { found: true, value: schema.const };
  if ('default' in schema) return { found: true, value: schema.default };
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return { found: true, value: schema.examples[0] };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return { found: true, value: schema.enum[0] };
  return { found: false };
}

/** The type to build: the first non-null one of a type list, else inferred from the keywords present. */
function pickType(schema: Schema): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const types = type.filter((item): item is string => typeof item === 'string');
    return types.find((item) => item !== 'null') ?? types[0];
  }
  if (isJsonRecord(schema.properties) || Array.isArray(schema.required)) return 'object';
  if ('items' in schema || 'prefixItems' in schema) return 'array';
  if ('minLength' in schema || 'maxLength' in schema || 'format' in schema || 'pattern' in schema) return 'string';
  if ('minimum' in schema || 'maximum' in schema || 'exclusiveMinimum' in schema || 'exclusiveMaximum' in schema) return 'number';
  return undefined;
}

function objectExample(schema: Schema, walk: Walk): Record<string, unknown> {
  const properties = isJsonRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((item): item is string => typeof item === 'string') : [];
  // Required properties first, in the order `required` lists them: stored schemas (PostgreSQL
  // JSONB) do not keep the key order of `properties`, but arrays keep theirs.
  const names = walk.options.requiredOnly
    ? required
    : [...required, ...Object.keys(properties).filter((name) => !required.includes(name))];
  const result: Record<string, unknown> = {};
  for (const name of names) {
    result[name] = exampleOf(properties[name] ?? {}, { ...walk, depth: walk.depth + 1, name });
  }
  return result;
}

function arrayExample(schema: Schema, walk: Walk): unknown[] {
  const next = { ...walk, depth: walk.depth + 1 };
  if (Array.isArray(schema.prefixItems)) return schema.prefixItems.map((item) => exampleOf(item, next));
  if (!isJsonRecord(schema.items)) return [];
  const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
  const capped = typeof schema.maxItems === 'number' ? Math.min(count, schema.maxItems) : count;
  return Array.from({ length: capped }, () => exampleOf(schema.items, next));
}

function stringExample(schema: Schema, name: string): string {
  const format = typeof schema.format === 'string' ? STRING_FORMATS[schema.format] : undefined;
  let text = format ?? name.replace(/[_-]+/g, ' ').trim();
  if (text === '') text = 'text';
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (text.length < minLength) text = text.padEnd(minLength, 'x');
  return text.slice(0, maxLength);
}

function numberExample(schema: Schema, integer: boolean): number {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const exclusiveMinimum = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const exclusiveMaximum = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  let value = minimum ?? (exclusiveMinimum !== undefined ? exclusiveMinimum + 1 : 0);
  if (maximum !== undefined && value > maximum) value = maximum;
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) value = exclusiveMaximum - 1;
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return integer ? Math.ceil(value) : value;
}

/** Local references only (`#/$defs/x`, `#/definitions/x`); anything else has no example. */
function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const tokens = ref.slice(1).split('/').filter((token) => token !== '');
  let node: unknown = root;
  for (const raw of tokens) {
    const token = unescapePointerToken(decodeURIComponent(raw));
    if (!isJsonRecord(node)) return undefined;
    node = node[token];
  }
  return node;
}

function mergeExamples(parts: unknown[]): unknown {
  const objects = parts.filter(isJsonRecord);
  if (objects.length === 0) return parts.find((part) => part !== null) ?? null;
  return Object.assign({}, ...objects) as Record<string, unknown>;
}
