/** What a field marked `x-pii` shows to someone who may not read personal data. */
export const PII_MASK = '•••';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
