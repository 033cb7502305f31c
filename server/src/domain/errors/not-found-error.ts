import { DomainError } from './domain-error.js';

export class NotFoundError extends DomainError {
  constructor(subject: string, id: string) {
    super('NOT_FOUND', `${subject} ${id} not found`, { subject, id });
  }
}
