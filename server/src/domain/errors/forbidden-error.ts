import { DomainError } from './domain-error.js';

export class ForbiddenError extends DomainError {
  constructor(action: string, subject: string, reason?: string) {
    super('FORBIDDEN', reason ?? `not allowed to ${action} ${subject}`, { action, subject });
  }
}
