import { describe, expect, it } from 'vitest';
import { ApiError, asApiError, describeApiError, toApiError } from '../../../web/src/lib/api-error.js';

describe('toApiError', () => {
  const cases: Array<{ name: string; status: number; body: unknown; code: string; message: string; problems?: unknown[]; retry?: number }> = [
    {
      name: 'a validation error keeps its problems',
      status: 200,
      body: {
        errors: [{
          message: '/roles: you cannot grant roles you do not have: admin',
          extensions: { code: 'BAD_USER_INPUT', details: { problems: [{ path: '/roles', rule: 'subset-of-own-roles', message: 'you cannot grant roles you do not have: admin' }] } },
        }],
      },
      code: 'BAD_USER_INPUT',
      message: '/roles: you cannot grant roles you do not have: admin',
      problems: [{ path: '/roles', rule: 'subset-of-own-roles', message: 'you cannot grant roles you do not have: admin' }],
    },
    {
      name: 'an expired session',
      status: 401,
      body: { errors: [{ message: 'session is invalid or expired; log in again', extensions: { code: 'UNAUTHENTICATED' } }] },
      code: 'UNAUTHENTICATED',
      message: 'session is invalid or expired; log in again',
    },
    {
      name: 'a rate limit carries its wait',
      status: 200,
      body: { errors: [{ message: 'too many failed sign-in attempts; try again later', extensions: { code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: 300 } } }] },
      code: 'TOO_MANY_REQUESTS',
      message: 'too many failed sign-in attempts; try again later',
      retry: 300,
    },
    {
      name: 'a code the UI does not know is UNEXPECTED',
      status: 400,
      body: { errors: [{ message: 'Cannot query field "nope"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
      code: 'UNEXPECTED',
      message: 'Cannot query field "nope"',
    },
    {
      name: 'an error without a code',
      status: 200,
      body: { errors: [{ message: 'boom' }] },
      code: 'UNEXPECTED',
      message: 'boom',
    },
    {
      name: 'a 401 without a GraphQL body',
      status: 401,
      body: undefined,
      code: 'UNAUTHENTICATED',
      message: 'unexpected response (HTTP 401)',
    },
    {
      name: 'a proxy error page',
      status: 502,
      body: undefined,
      code: 'UNEXPECTED',
      message: 'the server failed (HTTP 502)',
    },
    {
      name: 'malformed problems are dropped, good ones kept',
      status: 200,
      body: { errors: [{ message: 'bad', extensions: { code: 'BAD_USER_INPUT', details: { problems: [42, { path: 7, message: 'no path' }, { path: '/a' }] } } }] },
      code: 'BAD_USER_INPUT',
      message: 'bad',
      problems: [{ path: '', rule: '', message: 'no path' }],
    },
  ];

  it.each(cases)('$name', ({ status, body, code, message, problems, retry }) => {
    const error = toApiError(status, body);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.status).toBe(status);
    expect(error.problems).toEqual(problems ?? []);
    expect(error.retryAfterSeconds).toBe(retry);
  });

  it('keeps the raw server code', () => {
    const error = toApiError(400, { errors: [{ message: 'x', extensions: { code: 'DOCUMENT_TOO_LARGE' } }] });
    expect(error.serverCode).toBe('DOCUMENT_TOO_LARGE');
  });
});

describe('ApiError.problemAt', () => {
  const error = new ApiError({
    code: 'BAD_USER_INPUT',
    message: 'unknown roles',
    problems: [
      { path: '/roles/1', rule: 'enum', message: 'unknown role "boss"' },
      { path: '/name', rule: 'length', message: 'must be 1 to 100 characters' },
    ],
  });

  it.each([
    ['/name', 'must be 1 to 100 characters'],
    ['/roles', 'unknown role "boss"'],
    ['/role', undefined],
    ['/expiresAt', undefined],
  ])('%s → %s', (path, expected) => {
    expect(error.problemAt(path)).toBe(expected);
  });
});

describe('describeApiError', () => {
  it.each([
    [{ code: 'NETWORK_ERROR', message: 'fetch failed' }, 'Cannot reach the Docket server. Check your connection and try again.'],
    [{ code: 'UNAUTHENTICATED', message: 'invalid email or password' }, 'Invalid email or password.'],
    [{ code: 'FORBIDDEN', message: 'not allowed to create ApiKey' }, 'Your roles do not allow this (not allowed to create ApiKey).'],
    [{ code: 'TOO_MANY_REQUESTS', message: 'too many failed sign-in attempts; try again later', retryAfterSeconds: 300 }, 'Too many failed sign-in attempts. Try again in 5 minutes.'],
    [{ code: 'TOO_MANY_REQUESTS', message: 'API key rate limit of 5/min reached', retryAfterSeconds: 12 }, 'API key rate limit of 5/min reached. Try again in 12 seconds.'],
    [{ code: 'TOO_MANY_REQUESTS', message: 'slow down' }, 'Slow down.'],
    [{ code: 'BAD_USER_INPUT', message: '/name: x', problems: [{ path: '/name', rule: 'length', message: 'must be 1 to 100 characters' }] }, 'Must be 1 to 100 characters.'],
    [{ code: 'BAD_USER_INPUT', message: 'input is not valid' }, 'Input is not valid.'],
    [{ code: 'INTERNAL_SERVER_ERROR', message: 'internal error; the server log has the details' }, 'Something went wrong on our side. Try again; if it keeps happening, tell your administrator.'],
    [{ code: 'NOT_FOUND', message: 'Policy abc not found' }, 'Policy abc not found.'],
  ] as const)('%o', (init, expected) => {
    expect(describeApiError(new ApiError({ ...init, problems: 'problems' in init ? [...init.problems] : [] }))).toBe(expected);
  });
});

describe('asApiError', () => {
  it('passes ApiErrors through and wraps anything else', () => {
    const original = new ApiError({ code: 'CONFLICT', message: 'taken' });
    expect(asApiError(original)).toBe(original);
    const wrapped = asApiError(new TypeError('x is undefined'));
    expect(wrapped.code).toBe('UNEXPECTED');
    expect(wrapped.message).toBe('x is undefined');
    expect(asApiError('plain').message).toBe('plain');
  });
});
