import type { ErrorCode } from '../../../server/src/domain/errors/domain-error.js';
import type { FieldProblem } from '../../../server/src/domain/errors/validation-error.js';

/**
 * What the UI can tell apart: the server's own codes, plus a failure to reach
 * it at all, plus anything else (a client bug such as an invalid document).
 */
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | 'UNEXPECTED';

export type { FieldProblem };

export interface ApiErrorInit {
  code: ApiErrorCode;
  message: string;
  problems?: FieldProblem[];
  status?: number;
  serverCode?: string;
  retryAfterSeconds?: number;
}

/** The one error type the GraphQL client throws. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly problems: FieldProblem[];
  /** HTTP status of the response, 0 when there was none. */
  readonly status: number;
  /** `extensions.code` as sent, kept when it is not one the UI knows. */
  readonly serverCode: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: ApiErrorInit, options?: { cause?: unknown }) {
    super(init.message, options);
    this.name = 'ApiError';
    this.code = init.code;
    this.problems = init.problems ?? [];
    this.status = init.status ?? 0;
    this.serverCode = init.serverCode;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** The message of the problem at `path` (a JSON pointer such as `/name`), if any. */
  problemAt(path: string): string | undefined {
    return this.problems.find((problem) => problem.path === path || problem.path.startsWith(`${path}/`))?.message;
  }
}

const SERVER_CODES: readonly ErrorCode[] = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY_REQUESTS', 'INTERNAL_SERVER_ERROR',
];

function isServerCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (SERVER_CODES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readProblems(details: unknown): FieldProblem[] {
  if (!isRecord(details) || !Array.isArray(details.problems)) return [];
  return details.problems.flatMap((problem: unknown): FieldProblem[] => {
    if (!isRecord(problem) || typeof problem.message !== 'string') return [];
    return [{
      path: typeof problem.path === 'string' ? problem.path : '',
      rule: typeof problem.rule === 'string' ? problem.rule : '',
      message: problem.message,
    }];
  });
}

function readRetryAfter(details: unknown): number | undefined {
  if (!isRecord(details)) return undefined;
  const value = details.retryAfterSeconds;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Turns the first entry of a GraphQL `errors` array into an ApiError. The
 * body is untrusted JSON, so every field is checked rather than cast.
 */
export function toApiError(status: number, body: unknown): ApiError {
  const errors = isRecord(body) && Array.isArray(body.errors) ? body.errors : [];
  const first: unknown = errors[0];
  if (!isRecord(first)) {
    return new ApiError({
      code: status === 401 ? 'UNAUTHENTICATED' : 'UNEXPECTED',
      message: status >= 500 ? `the server failed (HTTP ${status})` : `unexpected response (HTTP ${status})`,
      status,
    });
  }
  const extensions = isRecord(first.extensions) ? first.extensions : {};
  const rawCode = extensions.code;
  const message = typeof first.message === 'string' && first.message.length > 0 ? first.message : 'request failed';
  return new ApiError({
    code: isServerCode(rawCode) ? rawCode : 'UNEXPECTED',
    message,
    problems: readProblems(extensions.details),
    status,
    serverCode: typeof rawCode === 'string' ? rawCode : undefined,
    retryAfterSeconds: readRetryAfter(extensions.details),
  });
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Any thrown value as an ApiError, so views have one shape to show. */
export function asApiError(error: unknown): ApiError {
  if (isApiError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ code: 'UNEXPECTED', message }, { cause: error });
}

function capitalize(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

function sentence(text: string): string {
  const trimmed = capitalize(text.trim());
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} seconds`;
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** A sentence a person can act on; the server's message when it is meant for people. */
export function describeApiError(error: ApiError): string {
  switch (error.code) {
    case 'NETWORK_ERROR':
      return 'Cannot reach the Docket server. Check your connection and try again.';
    case 'FORBIDDEN':
      return `Your roles do not allow this (${error.message}).`;
    case 'TOO_MANY_REQUESTS':
      return error.retryAfterSeconds === undefined
        ? sentence(error.message)
        : `${sentence(error.message.replace(/; try again later$/, ''))} Try again in ${describeWait(error.retryAfterSeconds)}.`;
    case 'BAD_USER_INPUT':
      return error.problems.length === 0
        ? sentence(error.message)
        : error.problems.map((problem) => sentence(problem.message)).join(' ');
    case 'INTERNAL_SERVER_ERROR':
    case 'UNEXPECTED':
      return 'Something went wrong on our side. Try again; if it keeps happening, tell your administrator.';
    default:
      return sentence(error.message);
  }
}
