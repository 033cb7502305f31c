import { expect } from 'vitest';
import type { CustomOperator } from '../../../../server/src/domain/policy/index.js';
import { OperatorError } from '../../../../server/src/domain/policy/operators/operator-error.js';

/** Asserts an operator refuses its arguments with an OperatorError of the given rule. */
export function expectRefusal(operator: CustomOperator, args: unknown[], rule: string, message?: RegExp): void {
  let caught: unknown;
  try {
    operator.apply(...args);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(OperatorError);
  expect((caught as OperatorError).rule).toBe(rule);
  if (message) expect((caught as OperatorError).message).toMatch(message);
}
