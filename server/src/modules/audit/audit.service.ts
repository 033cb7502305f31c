import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { canonicalAuditRecord } from '../../domain/audit/audit-chain.js';
import type { Actor } from '../auth/actor.js';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

// Any constant works; it only has to be the same for every writer of the chain.
const AUDIT_CHAIN_LOCK = 7_305_001;

/**
 * Appends to the audit chain inside the caller's transaction, so the event
 * commits or rolls back with the change it records. The advisory lock
 * serializes appenders until commit, so two writers never read the same
 * predecessor and the chain never forks.
 */
export async function appendAuditEvent(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  if (!em.isInTransaction()) throw new Error('audit events must be appended inside the transaction of the change they record');
  // Everything else the transaction writes goes first: from the lock to the commit, the
  // chain is blocked for every other writer, so only the append itself may happen there.
  await em.flush();
  const { sql, params } = appendStatement(actor, entry);
  const [row] = await em.getConnection().execute<Array<{ out_seq: number | string; out_hash: string }>>(sql, params, 'all', em.getTransactionContext());
  return { seq: Number(row?.out_seq ?? 0), hash: row?.out_hash ?? '' };
}

function appendStatement(actor: Actor, entry: AuditEntry): { sql: string; params: unknown[] } {
  const at = new Date();
  // The event's canonical JSON around its prevHash, which only the database knows under the lock.
  const marker = randomBytes(32).toString('hex');
  const canonical = canonicalAuditRecord({
    at, actorType: actor.kind, actorId: actor.id, actorLabel: actor.label, action: entry.action, subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null, before: entry.before ?? null, after: entry.after ?? null, reason: entry.reason ?? null, prevHash: marker,
  });
  const [prefix, suffix] = canonical.split(marker);
  return {
    sql: 'select out_seq, out_hash from docket_append_audit(?, ?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)',
    params: [
      AUDIT_CHAIN_LOCK, prefix ?? '', suffix ?? '', at.toISOString(), actor.kind, actor.id ?? null, actor.label ?? null, entry.action,
      entry.subjectType, entry.subjectId ?? null, json(entry.before ?? null), json(entry.after ?? null), entry.reason ?? null,
    ],
  };
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

const deferred = new WeakMap<EntityManager, Array<{ actor: Actor; entry: AuditEntry }>>();

/**
 * Queues an event to append at the end of the caller's transaction. Appends
 * serialize on one lock held until commit, so on hot paths (run steps) they
 * go last: the lock is then held for the append and the commit only.
 */
export function deferAuditEvent(em: EntityManager, actor: Actor, entry: AuditEntry): void {
  const queue = deferred.get(em) ?? [];
  queue.push({ actor, entry });
  deferred.set(em, queue);
}

/** Appends the deferred events, in the order they were queued; call it last in the transaction. */
async function appendDeferredAuditEvents(em: EntityManager): Promise<void> {
  const queue = deferred.get(em) ?? [];
  deferred.delete(em);
  for (const { actor, entry } of queue) await appendAuditEvent(em, actor, entry);
}

/**
 * Appends the deferred events and commits, in one round trip to PostgreSQL.
 * The chain lock is held from the append to the commit; sent together, no
 * wait for this process (busy with other runs) falls in between, and other
 * writers queue on the lock for the time of a commit only. Nothing may run in
 * the transaction after this: it is over. PGlite has one connection and no
 * lock contention, and keeps the plain path.
 */
export async function appendDeferredAuditEventsAndCommit(em: EntityManager, kind: 'postgres' | 'pglite'): Promise<void> {
  const queue = deferred.get(em) ?? [];
  if (kind !== 'postgres' || queue.length === 0) {
    await appendDeferredAuditEvents(em);
    return;
  }
  deferred.delete(em);
  await em.flush();
  const statements = queue.map(({ actor, entry }) => appendStatement(actor, entry));
  await em.getConnection().execute(
    `${statements.map((statement) => statement.sql).join(';\n')};\ncommit`,
    statements.flatMap((statement) => statement.params),
    'run',
    em.getTransactionContext(),
  );
}
