/** What a field marked `x-pii` shows to someone who may not read personal data. */
export const PII_MASK = '•••';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `value` with every field its schema marks `x-pii` replaced by the mask. */
export function maskPii(value: unknown, schema: unknown): unknown {
  if (!isObject(schema) || value === null || value === undefined) return value;
  if (schema['x-pii']) return PII_MASK;
  if (Array.isArray(value)) return value.map((item) => maskPii(item, schema.items));
  if (isObject(value) && isObject(schema.properties)) {
    const properties = schema.properties;
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, maskPii(child, properties[key])]));
  }
  return value;
}

/** Whether the JSON pointer lands on or inside a field the schema marks `x-pii`. */
export function isPiiAt(schema: unknown, pointer: string): boolean {
  let node: unknown = schema;
  for (const raw of pointer.split('/').slice(1)) {
    if (!isObject(node)) return false;
    if (node['x-pii']) return true;
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (isObject(node.properties) && segment in node.properties) node = node.properties[segment];
    else if (/^\d+$/.test(segment) && node.items !== undefined) node = node.items;
    else return false;
  }
  return isObject(node) && Boolean(node['x-pii']);
}

/** Does any field of this schema carry personal data? */
export function hasPii(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  if (schema['x-pii']) return true;
  if (isObject(schema.properties) && Object.values(schema.properties).some(hasPii)) return true;
  return hasPii(schema.items);
}

/** Every string or number value at a place the schema marks `x-pii`, as text. */
export function collectPiiValues(value: unknown, schema: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown, nodeSchema: unknown): void => {
    if (!isObject(nodeSchema) || node === null || node === undefined) return;
    if (nodeSchema['x-pii']) {
      collectLeaves(node, found);
      return;
    }
    if (Array.isArray(node)) for (const item of node) walk(item, nodeSchema.items);
    else if (isObject(node) && isObject(nodeSchema.properties)) {
      const properties = nodeSchema.properties;
      for (const [key, child] of Object.entries(node)) walk(child, properties[key]);
    }
  };
  walk(value, schema);
  return [...found];
}

function collectLeaves(value: unknown, into: Set<string>): void {
  // Very short values would mask unrelated text wherever the same characters appear.
  if ((typeof value === 'string' && value.trim().length >= 2) || (typeof value === 'number' && String(value).length >= 4)) into.add(String(value));
  else if (Array.isArray(value)) for (const item of value) collectLeaves(item, into);
  else if (isObject(value)) for (const child of Object.values(value)) collectLeaves(child, into);
}
