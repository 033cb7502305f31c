import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEvent } from '../../../server/src/modules/audit/audit-event.entity.js';
import { appendAuditEvent, deferAuditEvent, drainAuditLog } from '../../../server/src/modules/audit/audit.service.js';
import { rawQuery } from '../../../server/src/infra/db/raw-sql.js';
import { SYSTEM } from '../../../server/src/modules/auth/actor.js';
import { backends } from '../../support/databases.js';
import { errorCode, gql, loginAs } from '../../support/graphql-client.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

const VERIFY = '{ verifyAuditChain { ok checked brokenAt reason } }';

type Verification = { verifyAuditChain: { ok: boolean; checked: number; brokenAt: string | null; reason: string | null } };

describe.each(backends())('tamper-evident audit chain on %s', (backend) => {
  let platform: TestPlatform;
  let compliance: string;

  beforeEach(async () => {
    platform = await startTestPlatform(backend);
    compliance = await loginAs(platform.url, 'compliance');
  });
  afterEach(async () => platform?.stop());

  async function sql(text: string): Promise<void> {
    await platform.db.em().getConnection().execute(text);
  }

  /** Tampering needs the append-only triggers out of the way, as an attacker with table access would do. */
  async function tamper(text: string): Promise<void> {
    await sql('alter table audit_events disable trigger user');
    await sql(text);
    await sql('alter table audit_events enable trigger user');
  }

  async function verify() {
    const response = await gql<Verification>(platform.url, VERIFY, {}, compliance);
    expect(response.errors).toBeUndefined();
    return response.data?.verifyAuditChain;
  }

  it('verifies an untouched chain, including concurrent appends', async () => {
    const admin = await loginAs(platform.url, 'admin');
    await Promise.all(Array.from({ length: 12 }, (_, i) =>
      gql(platform.url, `mutation { createApiKey(name: "k${i}", roles: ["viewer"]) { id } }`, {}, admin)));
    const result = await verify();
    expect(result?.ok).toBe(true);
    // 7 demo users + 2 logins + 12 keys, all in one unbroken chain.
    expect(result?.checked).toBeGreaterThanOrEqual(21);
  });

  it('commits deferred events as pending and drains them onto the chain in order, none from a transaction that rolls back', async () => {
    const defer = (tx: EntityManager, subjectId: string) => deferAuditEvent(tx, SYSTEM, { action: 'test.deferred', subjectType: 'Test', subjectId });
    const pendingCount = async () => Number((await rawQuery<{ n: string }>(platform.db.em(), 'select count(*) as n from audit_pending', []))[0]?.n);
    await platform.services.auditDrain.stop(); // no background drain: this test drains by hand
    await platform.db.em().transactional(async (tx) => {
      await defer(tx, 'first');
      await defer(tx, 'second');
    });
    await expect(platform.db.em().transactional(async (tx) => {
      await defer(tx, 'rolled-back');
      throw new Error('abort');
    })).rejects.toThrow('abort');
    // Committed with the change, not yet on the chain.
    expect(await pendingCount()).toBe(2);
    expect(await platform.db.em().count(AuditEvent, { action: 'test.deferred' })).toBe(0);

    expect(await drainAuditLog(platform.db.em())).toBe(2);
    const events = await platform.db.em().find(AuditEvent, { action: 'test.deferred' }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.subjectId)).toEqual(['first', 'second']);
    expect(await pendingCount()).toBe(0);
    expect((await verify())?.ok).toBe(true);
  });

  it('puts a pending event on the chain before a later direct append, and every read sees both', async () => {
    await platform.services.auditDrain.stop();
    await platform.db.em().transactional(async (tx) => {
      await deferAuditEvent(tx, SYSTEM, { action: 'test.opened', subjectType: 'Test', subjectId: 'causal' });
    });
    await platform.db.em().transactional(async (tx) => {
      await appendAuditEvent(tx, SYSTEM, { action: 'test.decided', subjectType: 'Test', subjectId: 'causal' });
    });
    const events = await platform.db.em().find(AuditEvent, { subjectId: 'causal' }, { orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['test.opened', 'test.decided']);

    // A pending event alone is drained by the audit log's own query before it answers.
    await platform.db.em().transactional(async (tx) => {
      await deferAuditEvent(tx, SYSTEM, { action: 'test.listed', subjectType: 'Test', subjectId: 'read' });
    });
    const listed = await gql<{ auditEvents: { nodes: Array<{ action: string }> } }>(platform.url,
      '{ auditEvents(first: 5) { nodes { action } } }', {}, compliance);
    expect(listed.data?.auditEvents.nodes[0]?.action).toBe('test.listed');
  });

  it('drains pending events in the background soon after they commit', async () => {
    await platform.db.em().transactional(async (tx) => {
      await deferAuditEvent(tx, SYSTEM, { action: 'test.background', subjectType: 'Test', subjectId: 'soon' });
    });
    platform.services.auditDrain.soon();
    const until = Date.now() + 5_000;
    while (Date.now() < until && (await platform.db.em().count(AuditEvent, { action: 'test.background' })) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await platform.db.em().count(AuditEvent, { action: 'test.background' })).toBe(1);
  });

  it('refuses UPDATE and DELETE on the audit table', async () => {
    await expect(sql(`update audit_events set action = 'x' where seq = 1`)).rejects.toThrow(/append-only/);
    await expect(sql('delete from audit_events where seq = 1')).rejects.toThrow(/append-only/);
    expect((await verify())?.ok).toBe(true);
  });

  it('catches a modified row', async () => {
    await tamper(`update audit_events set after = '{"email":"evil@example.com","roles":["admin"]}' where seq = 3`);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '3', reason: expect.stringMatching(/modified/) });
  });

  it('catches a deleted row', async () => {
    await tamper('delete from audit_events where seq = 4');
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '5', reason: expect.stringMatching(/deleted, inserted or reordered/) });
  });

  it('catches an inserted row', async () => {
    await tamper(`insert into audit_events (seq, at, actor_type, action, subject_type, prev_hash, hash)
      select 1000, now(), 'user', 'user.created', 'User', prev_hash, hash from audit_events where seq = 2`);
    await tamper('update audit_events set seq = 2000 where seq = 3');
    await tamper('update audit_events set seq = 3 where seq = 1000');
    const result = await verify();
    expect(result?.ok).toBe(false);
    expect(result?.brokenAt).toBe('3');
  });

  it('catches reordered rows', async () => {
    await tamper('update audit_events set seq = -5 where seq = 5');
    await tamper('update audit_events set seq = 5 where seq = 6');
    await tamper('update audit_events set seq = 6 where seq = -5');
    expect(await verify()).toMatchObject({ ok: false, brokenAt: '5' });
  });

  it('lets only roles with audit rights verify', async () => {
    const viewer = await loginAs(platform.url, 'viewer');
    expect(errorCode(await gql(platform.url, VERIFY, {}, viewer))).toBe('FORBIDDEN');
  });

  it('pages through events newest first', async () => {
    const first = await gql<{ auditEvents: { nodes: Array<{ seq: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      platform.url, '{ auditEvents(first: 3) { nodes { seq action } pageInfo { hasNextPage endCursor } totalCount } }', {}, compliance,
    );
    const seqs = first.data?.auditEvents.nodes.map((n) => Number(n.seq)) ?? [];
    expect(seqs).toHaveLength(3);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    const next = await gql<{ auditEvents: { nodes: Array<{ seq: string }> } }>(
      platform.url, 'query ($after: String) { auditEvents(first: 3, after: $after) { nodes { seq } } }',
      { after: first.data?.auditEvents.pageInfo.endCursor }, compliance,
    );
    expect(Number(next.data?.auditEvents.nodes[0]?.seq)).toBe((seqs[2] ?? 0) - 1);
  });
});
