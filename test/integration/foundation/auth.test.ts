import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../../server/src/modules/audit/audit-event.entity.js';
import { ApiKey } from '../../../server/src/modules/users/api-key.entity.js';
import { ROLES } from '../../../server/src/modules/auth/roles.js';
import { backends } from '../../support/databases.js';
import { errorCode, gql, loginAs } from '../../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

describe.each(backends())('auth and API keys on %s', (backend) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(backend);
  });
  afterAll(async () => platform?.stop());

  it('answers the health check from the database', async () => {
    const response = await fetch(`${platform.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: backend });
  });

  it.each(ROLES)('logs in as %s and reads me', async (role) => {
    const token = await loginAs(platform.url, role);
    const me = await gql<{ me: { email: string; roles: string[] } }>(platform.url, '{ me { email roles } }', {}, token);
    expect(me.data?.me).toEqual({ email: `${role}@demo.local`, roles: [role] });
  });

  it('refuses a wrong password without revealing whether the account exists', async () => {
    const query = 'mutation ($e: String!) { login(email: $e, password: "wrong") { token } }';
    const known = await gql(platform.url, query, { e: 'admin@demo.local' });
    const unknown = await gql(platform.url, query, { e: 'nobody@demo.local' });
    expect(errorCode(known)).toBe('UNAUTHENTICATED');
    expect(errorCode(unknown)).toBe('UNAUTHENTICATED');
    expect(known.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(known.errors?.[0]?.message).not.toMatch(/exist|unknown|not found/i);
  });

  it('requires authentication for me', async () => {
    const response = await gql(platform.url, '{ me { email } }');
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });

  it('rejects a bogus bearer token with 401', async () => {
    const response = await gql(platform.url, '{ me { email } }', {}, 'dks_not-a-real-token');
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });

  it('logs out: the session token stops working', async () => {
    const token = await loginAs(platform.url, 'viewer');
    const out = await gql<{ logout: boolean }>(platform.url, 'mutation { logout }', {}, token);
    expect(out.data?.logout).toBe(true);
    expect(errorCode(await gql(platform.url, '{ me { email } }', {}, token))).toBe('UNAUTHENTICATED');
  });

  it('issues an API key whose secret works until revoked, storing only a hash', async () => {
    const admin = await loginAs(platform.url, 'admin');
    const created = await gql<{ createApiKey: { id: string; secret: string; key: { roles: string[]; prefix: string; owner: { email: string } } } }>(
      platform.url,
      'mutation { createApiKey(name: "erp connector", roles: ["integrator"]) { id secret key { roles prefix owner { email } } } }',
      {},
      admin,
    );
    const key = created.data?.createApiKey;
    expect(key?.key.roles).toEqual(['integrator']);
    expect(key?.key.owner.email).toBe('admin@demo.local');
    expect(key?.secret.startsWith(key.key.prefix)).toBe(true);

    const stored = await platform.db.em().findOneOrFail(ApiKey, { id: key?.id ?? '' });
    expect(stored.secretHash).not.toContain(key?.secret ?? '');
    expect(stored.secretHash).toMatch(/^[0-9a-f]{64}$/);

    const viaKey = await gql<{ me: { email: string } }>(platform.url, '{ me { email } }', {}, key?.secret);
    expect(viaKey.data?.me.email).toBe('admin@demo.local');

    const revoked = await gql(platform.url, 'mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: key?.id }, admin);
    expect(revoked.errors).toBeUndefined();
    const after = await gql(platform.url, '{ me { email } }', {}, key?.secret);
    expect(after.status).toBe(401);
    expect(errorCode(after)).toBe('UNAUTHENTICATED');
  });

  it('enforces a key\'s own rate limit and records when it was last used', async () => {
    const admin = await loginAs(platform.url, 'admin');
    const created = await gql<{ createApiKey: { id: string; secret: string } }>(platform.url,
      'mutation { createApiKey(name: "limited", roles: ["viewer"], rateLimitPerMinute: 3) { id secret } }', {}, admin);
    const secret = created.data?.createApiKey.secret;
    const codes = [];
    for (let i = 0; i < 4; i += 1) codes.push(errorCode(await gql(platform.url, '{ me { email } }', {}, secret)) ?? 'ok');
    expect(codes).toEqual(['ok', 'ok', 'ok', 'TOO_MANY_REQUESTS']);
    const keys = await gql<{ apiKeys: Array<{ id: string; lastUsedAt: string | null }> }>(platform.url, '{ apiKeys { id lastUsedAt } }', {}, admin);
    expect(keys.data?.apiKeys.find((k) => k.id === created.data?.createApiKey.id)?.lastUsedAt).toBeTruthy();
  });

  it('refuses an expired API key', async () => {
    const admin = await loginAs(platform.url, 'admin');
    const created = await gql<{ createApiKey: { id: string; secret: string } }>(platform.url,
      'mutation ($at: DateTime) { createApiKey(name: "short-lived", roles: ["viewer"], expiresAt: $at) { id secret } }',
      { at: new Date(Date.now() + 1500).toISOString() }, admin);
    const secret = created.data?.createApiKey.secret;
    expect(errorCode(await gql(platform.url, '{ me { email } }', {}, secret))).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(errorCode(await gql(platform.url, '{ me { email } }', {}, secret))).toBe('UNAUTHENTICATED');
  });

  it('refuses an API key with roles its creator does not hold', async () => {
    const operator = await loginAs(platform.url, 'operator');
    const response = await gql(platform.url, 'mutation { createApiKey(name: "x", roles: ["admin"]) { id } }', {}, operator);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.details).toMatchObject({ problems: [{ path: '/roles', rule: 'subset-of-own-roles' }] });
  });

  it('forbids a viewer from an admin mutation and writes nothing', async () => {
    const viewer = await loginAs(platform.url, 'viewer');
    const before = await platform.db.em().count(AuditEvent, {});
    const response = await gql(
      platform.url,
      'mutation { createUser(input: { email: "mallory@example.com", password: "longenough", roles: ["admin"] }) { id } }',
      {},
      viewer,
    );
    expect(errorCode(response)).toBe('FORBIDDEN');
    const em = platform.db.em();
    expect(await em.count(AuditEvent, {})).toBe(before);
    const users = await gql<{ users: Array<{ email: string }> }>(platform.url, '{ users { email } }', {}, await loginAs(platform.url, 'admin'));
    expect(users.data?.users.map((u) => u.email)).not.toContain('mallory@example.com');
  });

  it('lets an admin create a user and change roles, auditing both', async () => {
    const admin = await loginAs(platform.url, 'admin');
    const created = await gql<{ createUser: { id: string } }>(
      platform.url,
      'mutation { createUser(input: { email: "Ops.Lead@Example.com", password: "correct horse", roles: ["operator"] }) { id } }',
      {},
      admin,
    );
    const id = created.data?.createUser.id ?? '';
    const changed = await gql<{ setUserRoles: { roles: string[] } }>(
      platform.url, 'mutation ($id: ID!) { setUserRoles(id: $id, roles: ["operator", "reviewer"]) { roles } }', { id }, admin,
    );
    expect(changed.data?.setUserRoles.roles).toEqual(['operator', 'reviewer']);
    const events = await platform.db.em().find(AuditEvent, { subjectId: id }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['user.created', 'user.roles_changed']);
    expect(events[1]?.before).toEqual({ roles: ['operator'] });
    const login = await gql(platform.url, 'mutation { login(email: "ops.lead@example.com", password: "correct horse") { token } }');
    expect(login.errors).toBeUndefined();
  });
});
