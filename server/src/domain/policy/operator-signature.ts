/** JSON types as static checks see them. */
export type ValueKind = 'number' | 'string' | 'boolean' | 'array' | 'object' | 'null';

/**
 * What an argument position expects. `comparable` means number or string, the
 * same on every comparable side; `collection` an array or a string; `date` an
 * ISO date string.
 */
export type ArgKind = 'any' | 'number' | 'string' | 'date' | 'array' | 'collection' | 'comparable';

/**
 * The static face of an operator, built-in or custom: what `checkPolicy`
 * checks arity and types against. `args` gives a kind per position; the last
 * one repeats for variadic operators. `returns` undefined means "the union of
 * its arguments" (if, and, or) or unknown.
 */
export interface OperatorSignature {
  name: string;
  minArgs: number;
  maxArgs: number;
  args: ArgKind[];
  returns?: ValueKind[];
  summary: string;
}

/** A Docket operator: its signature and its implementation, registered with json-logic-js. */
export interface CustomOperator extends OperatorSignature {
  apply(...args: unknown[]): unknown;
}

export function argKindAt(signature: OperatorSignature, index: number): ArgKind {
  return signature.args[Math.min(index, signature.args.length - 1)] ?? 'any';
}
