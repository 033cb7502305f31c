import { DomainError, type FieldProblem } from '../errors/index.js';
import type { LlmUsage } from './llm-port.js';

/**
 * Why a model call produced no usable answer. The engine routes on the kind:
 * `invalid_output` goes to human review with the raw text and the problems,
 * the transient kinds may be retried as a step, the others are config issues.
 */
export type LlmErrorKind =
  | 'invalid_output'
  | 'unavailable'
  | 'timeout'
  | 'not_configured'
  | 'rejected'
  | 'cancelled';

export interface LlmErrorDetails {
  kind: LlmErrorKind;
  attempts: number;
  /** Last HTTP status seen, when there was one. */
  status?: number;
  /** For invalid_output: what the model answered last, and why it was refused. */
  raw?: string;
  validationErrors?: FieldProblem[];
  /** Spend on calls that ended in this error, so it is still accounted for. */
  usage?: LlmUsage;
  costUsd?: number;
  model?: string;
}

export class LlmError extends DomainError {
  readonly kind: LlmErrorKind;
  readonly attempts: number;
  readonly status: number | undefined;
  readonly raw: string | undefined;
  readonly validationErrors: FieldProblem[];
  readonly usage: LlmUsage | undefined;
  readonly costUsd: number;

  constructor(message: string, details: LlmErrorDetails, options?: { cause?: unknown }) {
    super('INTERNAL_SERVER_ERROR', message, details, options);
    this.kind = details.kind;
    this.attempts = details.attempts;
    this.status = details.status;
    this.raw = details.raw;
    this.validationErrors = details.validationErrors ?? [];
    this.usage = details.usage;
    this.costUsd = details.costUsd ?? 0;
  }

  static is(error: unknown, kind?: LlmErrorKind): error is LlmError {
    return error instanceof LlmError && (kind === undefined || error.kind === kind);
  }
}
