import { describe, expect, it } from 'vitest';
import { ApiKeysDocument, CreateApiKeyDocument } from '../../../web/src/features/api-keys/api-keys.operations.js';
import { CurrentUserDocument, SignInDocument } from '../../../web/src/features/auth/session.operations.js';
import type { ApiError } from '../../../web/src/lib/api-error.js';
import { createGraphQLClient, printDocument, readGraphQLResponse } from '../../../web/src/lib/graphql-client.js';

interface Call {
  url: string;
  init: RequestInit;
}

/** A stand-in for the network: records requests, answers with a canned response. */
function fakeFetch(answer: () => Response | Promise<Response>): { fetch: typeof globalThis.fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

const me = { id: 'u1', email: 'admin@demo.local', displayName: 'Demo admin', roles: ['admin'] };

describe('readGraphQLResponse', () => {
  it.each([
    { name: 'data without errors', status: 200, body: { data: { me } }, ok: true },
    { name: 'errors win over partial data', status: 200, body: { data: { me: null }, errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] }, ok: false, code: 'FORBIDDEN' },
    { name: 'null data', status: 200, body: { data: null }, ok: false, code: 'UNEXPECTED' },
    { name: 'an HTTP error without errors', status: 500, body: { data: { me } }, ok: false, code: 'UNEXPECTED' },
    { name: 'not an object', status: 200, body: 'hello', ok: false, code: 'UNEXPECTED' },
  ])('$name', ({ status, body, ok, code }) => {
    const outcome = readGraphQLResponse(status, body);
    expect(outcome.ok).toBe(ok);
    if (!outcome.ok) expect(outcome.error.code).toBe(code);
  });
});

describe('printDocument', () => {
  it('prints the operation with the fragments it spreads', () => {
    const text = printDocument(ApiKeysDocument);
    expect(text).toContain('query ApiKeys');
    expect(text).toContain('fragment ApiKeyRow on ApiKey');
    expect(printDocument(ApiKeysDocument)).toBe(text);
  });
});

describe('createGraphQLClient', () => {
  it('posts JSON with the bearer token and returns typed data', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { data: { me } }));
    const client = createGraphQLClient({ endpoint: '/graphql', getToken: () => 'dks_abc', fetch });

    const result = await client.request(CurrentUserDocument);

    expect(result.me.email).toBe('admin@demo.local');
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('/graphql');
    expect(call?.init.method).toBe('POST');
    const headers = call?.init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBe('Bearer dks_abc');
    const body = JSON.parse(String(call?.init.body)) as { query: string; variables: unknown };
    expect(body.query).toContain('query CurrentUser');
    expect(body.variables).toEqual({});
  });

  it('sends variables and no authorization header without a token', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { data: { login: { token: 't', user: me } } }));
    const client = createGraphQLClient({ endpoint: '/graphql', getToken: () => null, fetch });

    await client.request(SignInDocument, { email: 'admin@demo.local', password: 'demo' });

    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers.authorization).toBeUndefined();
    expect(JSON.parse(String(calls[0]?.init.body))).toMatchObject({ variables: { email: 'admin@demo.local', password: 'demo' } });
  });

  it('ends the session when a token is refused', async () => {
    const { fetch } = fakeFetch(() => json(401, { errors: [{ message: 'session is invalid or expired; log in again', extensions: { code: 'UNAUTHENTICATED' } }] }));
    const ended: ApiError[] = [];
    const client = createGraphQLClient({ endpoint: '/graphql', getToken: () => 'dks_old', fetch, onUnauthenticated: (error) => ended.push(error) });

    await expect(client.request(CurrentUserDocument)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(ended).toHaveLength(1);
  });

  it('does not treat a failed sign-in as an ended session', async () => {
    const { fetch } = fakeFetch(() => json(200, { errors: [{ message: 'invalid email or password', extensions: { code: 'UNAUTHENTICATED' } }] }));
    let ended = 0;
    const client = createGraphQLClient({ endpoint: '/graphql', getToken: () => null, fetch, onUnauthenticated: () => { ended += 1; } });

    await expect(client.request(SignInDocument, { email: 'a@b.c', password: 'wrong' })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'invalid email or password',
    });
    expect(ended).toBe(0);
  });

  it('maps validation problems', async () => {
    const { fetch } = fakeFetch(() => json(200, {
      errors: [{ message: '/name: must be 1 to 100 characters', extensions: { code: 'BAD_USER_INPUT', details: { problems: [{ path: '/name', rule: 'length', message: 'must be 1 to 100 characters' }] } } }],
    }));
    const client = createGraphQLClient({ endpoint: '/graphql', getToken: () => 't', fetch });

    const error = await client.request(CreateApiKeyDocument, { name: '', roles: ['viewer'] }).then(
      () => { throw new Error('expected the request to fail'); },
      (e: unknown) => e as ApiError,
    );
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.problemAt('/name')).toBe('must be 1 to 100 characters');
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    const client = createGraphQLClient({ endpoint: '/graphql', getToken: () => null, fetch });

    await expect(client.request(CurrentUserDocument)).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('reports a non-JSON error page with its status', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const client = createGraphQLClient({ endpoint: '/graphql', getToken: () => null, fetch });

    await expect(client.request(CurrentUserDocument)).rejects.toMatchObject({ code: 'UNEXPECTED', status: 502 });
  });
});
