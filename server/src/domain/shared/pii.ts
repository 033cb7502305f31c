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
