import { escapePointer } from '../shared/json-schema.js';

/** A one-key object of a rule seen as an operation, with the pointer of each argument. */
export interface Operation {
  operator: string;
  args: unknown[];
  /** JSON pointer of argument i (a lone non-array argument sits at `/op` itself). */
  at: (i: number) => string;
}

/** The operation a node is, if it is one (an object with exactly one key, as json-logic reads it). */
export function asOperation(node: unknown, pointer: string): Operation | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const operator = keys[0] as string;
  const raw = (node as Record<string, unknown>)[operator];
  const base = `${pointer}/${escapePointer(operator)}`;
  return Array.isArray(raw) ? { operator, args: raw, at: (i) => `${base}/${i}` } : { operator, args: [raw], at: () => base };
}

/** A `var`/`missing` path written as a literal, as json-logic reads it ('' is the whole data). */
export function literalPath(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
