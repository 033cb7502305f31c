type Schema = Record<string, unknown>;

function asSchema(value: unknown): Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : {};
}

function pickType(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.includes('null') ? 'null' : (type[0] as string | undefined);
  if (typeof type === 'string') return type;
  if (schema.properties) return 'object';
  return undefined;
}

function sampleString(schema: Schema): string {
  if (schema.format === 'date' || String(schema.pattern ?? '').includes('\\d{4}-\\d{2}-\\d{2}')) return '2024-01-31';
  if (schema.format === 'date-time') return '2024-01-31T12:00:00Z';
  if (schema.format === 'email') return 'someone@example.org';
  if (String(schema.pattern ?? '') === '^[A-Z]{3}$') return 'EUR';
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  return 'x'.repeat(Math.max(1, minLength));
}

/**
 * A small value that satisfies common output schemas: the test server's
 * default answer when a test or the benchmark scripts nothing more specific.
 * It covers the keywords Docket's prompts use, not all of JSON Schema.
 */
export function sampleFromSchema(input: unknown): unknown {
  const schema = asSchema(input);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return sampleFromSchema(schema.anyOf[0]);
  switch (pickType(schema)) {
    case 'null':
      return null;
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'string':
      return sampleString(schema);
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: count }, () => sampleFromSchema(schema.items));
    }
    case 'object': {
      const properties = asSchema(schema.properties);
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      return Object.fromEntries(required.map((name) => [name, sampleFromSchema(properties[name])]));
    }
    default:
      return {};
  }
}

/** A value that breaks the schema in the most ordinary way: a required field missing. */
export function violateSchema(input: unknown): unknown {
  const schema = asSchema(input);
  const valid = sampleFromSchema(schema);
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  if (typeof valid === 'object' && valid !== null && !Array.isArray(valid) && required.length > 0) {
    const { [required[0] as string]: _dropped, ...rest } = valid as Record<string, unknown>;
    return rest;
  }
  return [];
}
