import { DomainError } from './domain-error.js';

export class RateLimitError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', message, { retryAfterSeconds });
  }
}
