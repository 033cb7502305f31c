/**
 * Raised by a custom operator when its arguments are wrong (a date that is not
 * ISO, a division by zero, an unsafe pattern). The evaluator turns it into a
 * ValidationError that names the operator's JSON pointer inside the rule.
 */
export class OperatorError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}
