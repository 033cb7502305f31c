import { OperatorError } from './operator-error.js';

/**
 * Argument guards shared by the custom operators. They are strict on purpose:
 * a missing amount must not silently become 0 in a business rule.
 */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

export function requireNumber(value: unknown, operator: string, position: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new OperatorError('arg-type', `${operator}: argument ${position} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

export function requireInteger(value: unknown, operator: string, position: number, min: number, max: number): number {
  const number = requireNumber(value, operator, position);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new OperatorError('arg-type', `${operator}: argument ${position} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return number;
}

export function requireString(value: unknown, operator: string, position: number, maxLength: number): string {
  if (typeof value !== 'string') {
    throw new OperatorError('arg-type', `${operator}: argument ${position} must be a string, got ${describe(value)}`);
  }
  if (value.length > maxLength) {
    throw new OperatorError('too-long', `${operator}: argument ${position} is ${value.length} characters long; the limit is ${maxLength}`);
  }
  return value;
}

export function requireArray(value: unknown, operator: string, position: number): unknown[] {
  if (!Array.isArray(value)) {
    throw new OperatorError('arg-type', `${operator}: argument ${position} must be an array, got ${describe(value)}`);
  }
  return value;
}

export { describe as describeArgument };
