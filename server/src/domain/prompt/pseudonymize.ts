import type { JsonSchema } from './prompt-spec.js';

/** One replaced value and the token the model saw instead. */
export interface Pseudonym {
  token: string;
  value: string;
}

export interface Pseudonymized {
  variables: Record<string, unknown>;
  pseudonyms: Pseudonym[];
}

/**
 * Replaces every input value whose schema says `x-pii` with a stable token
 * (`PERSON_1`, `IBAN_1`; the kind is the x-pii value when it is a string,
 * `PII` when it is `true`), everywhere it appears, including inside other
 * free-text variables such as an email body that quotes the customer's name.
 * The same value always gets the same token within one call.
 */
export function pseudonymizeVariables(variables: Record<string, unknown>, inputSchema: JsonSchema | undefined): Pseudonymized {
  const pseudonyms: Pseudonym[] = [];
  const counters = new Map<string, number>();
  const byValue = new Map<string, string>();
  const collect = (value: unknown, schema: unknown): void => {
    if (!isObject(schema)) return;
    const pii = schema['x-pii'];
    if (pii && (typeof value === 'string' || typeof value === 'number') && String(value).trim() !== '') {
      const text = String(value);
      if (!byValue.has(text)) {
        const kind = typeof pii === 'string' ? pii.toUpperCase().replace(/[^A-Z0-9]/g, '_') : 'PII';
        const next = (counters.get(kind) ?? 0) + 1;
        counters.set(kind, next);
        const token = `${kind}_${next}`;
        byValue.set(text, token);
        pseudonyms.push({ token, value: text });
      }
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value) collect(item, schema.items);
    } else if (isObject(value) && isObject(schema.properties)) {
      for (const [key, child] of Object.entries(value)) collect(child, schema.properties[key]);
    }
  };
  collect(variables, inputSchema);
  if (pseudonyms.length === 0) return { variables, pseudonyms };
  // Longest first, so "Ines Duarte" is replaced before a shorter PII value inside it.
  const ordered = [...pseudonyms].sort((a, b) => b.value.length - a.value.length);
  const replace = (text: string): string => ordered.reduce((acc, p) => acc.split(p.value).join(p.token), text);
  return { variables: mapStrings(variables, replace) as Record<string, unknown>, pseudonyms };
}

/** Puts the original values back wherever the model repeated a token in its structured answer. */
export function reidentify<T>(output: T, pseudonyms: Pseudonym[]): T {
  if (pseudonyms.length === 0) return output;
  const byToken = new Map(pseudonyms.map((p) => [p.token, p.value]));
  const pattern = new RegExp(`\\b(${[...byToken.keys()].sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');
  return mapStrings(output, (text) => text.replace(pattern, (token) => byToken.get(token) ?? token)) as T;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, mapStrings(child, map)]));
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
