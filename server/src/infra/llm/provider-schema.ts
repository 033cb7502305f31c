import type { JsonSchema } from '../../domain/prompt/index.js';

/** Removes Docket's own `x-*` annotations (x-pii, ...), which no provider understands. */
export function stripDocketKeywords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDocketKeywords);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (!key.startsWith('x-')) result[key] = stripDocketKeywords(child);
  }
  return result;
}

const STRICT_KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', '$ref', '$defs',
  'definitions', 'description', 'title', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', '$schema',
]);

const SCHEMA_MAPS = new Set(['properties', '$defs', 'definitions']);

/**
 * Whether OpenAI's strict structured output accepts the schema: only its
 * supported keywords, and every object closed with all properties required.
 * Anything else is sent with `strict: false` (ajv still enforces it).
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return false;
  const node = schema as Record<string, unknown>;
  for (const key of Object.keys(node)) if (!STRICT_KEYWORDS.has(key)) return false;
  const properties = node.properties;
  if (properties !== undefined || node.type === 'object') {
    if (node.additionalProperties !== false) return false;
    const keys = Object.keys((properties as Record<string, unknown> | undefined) ?? {});
    const required = Array.isArray(node.required) ? node.required : [];
    if (!keys.every((key) => required.includes(key))) return false;
  }
  for (const [key, child] of Object.entries(node)) {
    if (SCHEMA_MAPS.has(key)) {
      if (!Object.values(child as Record<string, unknown>).every(isStrictCompatible)) return false;
    } else if (key === 'items') {
      if (!isStrictCompatible(child)) return false;
    } else if (key === 'anyOf') {
      if (!Array.isArray(child) || !child.every(isStrictCompatible)) return false;
    }
  }
  return true;
}

export function toSchemaName(promptKey: string | undefined): string {
  const cleaned = (promptKey ?? '').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'output' : cleaned;
}

const prepared = new WeakMap<JsonSchema, { schema: JsonSchema; strict: boolean }>();

/** The schema as providers get it; cached per schema object, since a version's schema is reused for every call. */
export function prepareProviderSchema(schema: JsonSchema): { schema: JsonSchema; strict: boolean } {
  let entry = prepared.get(schema);
  if (!entry) {
    const cleaned = stripDocketKeywords(schema) as JsonSchema;
    entry = { schema: cleaned, strict: isStrictCompatible(cleaned) };
    prepared.set(schema, entry);
  }
  return entry;
}
