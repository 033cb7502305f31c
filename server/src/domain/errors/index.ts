export { DomainError, type ErrorCode } from './domain-error.js';
export { ValidationError, type FieldProblem } from './validation-error.js';
export { NotFoundError } from './not-found-error.js';
export { ForbiddenError } from './forbidden-error.js';
export { UnauthenticatedError } from './unauthenticated-error.js';
export { ConflictError } from './conflict-error.js';
export { RateLimitError } from './rate-limit-error.js';
