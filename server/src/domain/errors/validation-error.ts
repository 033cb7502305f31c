import { DomainError } from './domain-error.js';

/** One problem with an input: where it is (JSON pointer) and which rule it broke. */
export interface FieldProblem {
  path: string;
  rule: string;
  message: string;
}

export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super('BAD_USER_INPUT', message, { problems }, options);
  }

  static single(path: string, rule: string, message: string): ValidationError {
    return new ValidationError(`${path || '/'}: ${message}`, [{ path, rule, message }]);
  }
}
