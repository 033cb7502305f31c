import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/databases.js';
import { errorCode, gql, loginAs } from '../../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

describe.each(backends())('GraphQL hardening on %s', (backend) => {
  let platform: TestPlatform;
  let token: string;
  beforeAll(async () => {
    platform = await startTestPlatform(backend, { GRAPHQL_MAX_DEPTH: '2', GRAPHQL_MAX_DOCUMENT_BYTES: '4000' });
    token = await loginAs(platform.url, 'admin');
  });
  afterAll(async () => platform?.stop());

  it('rejects a query deeper than the limit with a clear error', async () => {
    const shallow = await gql(platform.url, '{ me { email } }', {}, token);
    expect(shallow.errors).toBeUndefined();
    const response = await gql(platform.url, '{ apiKeys { owner { email } } }', {}, token);
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/depth limit of 2/i);
  });

  it('rejects an oversized document before parsing it', async () => {
    const padding = ' '.repeat(5000);
    const response = await gql(platform.url, `{ me { email }${padding}}`, {}, token);
    expect(response.status).toBe(413);
    expect(errorCode(response)).toBe('DOCUMENT_TOO_LARGE');
    expect(response.errors?.[0]?.message).toMatch(/over the limit of 4000 bytes/);
  });

  it('rejects too many aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: me { email }`).join(' ');
    const response = await gql(platform.url, `{ ${aliases} }`, {}, token);
    expect(errorCode(response)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it('refuses batched operations', async () => {
    const response = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: '{ me { email } }' }, { query: '{ me { email } }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('blocks CSRF-prone simple requests', async () => {
    const response = await fetch(`${platform.url}/graphql?query=${encodeURIComponent('{ me { email } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|preflight/i);
  });

  it('answers malformed JSON with a GraphQL-shaped error', async () => {
    const response = await fetch(`${platform.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it('tags every response with a request id', async () => {
    const response = await fetch(`${platform.url}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
  });
});
