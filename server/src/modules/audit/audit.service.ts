import type { EntityManager } from '@mikro-orm/postgresql';
import { GENESIS_HASH, hashAuditRecord, type AuditRecord } from '../../domain/audit/audit-chain.js';
import type { Actor } from '../auth/actor.js';
import { AuditEvent } from './audit-event.entity.js';

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
export async function appendAuditEvent(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<AuditEvent> {
  if (!em.isInTransaction()) throw new Error('audit events must be appended inside the transaction of the change they record');
  const connection = em.getConnection();
  const transaction = em.getTransactionContext();
  await connection.execute('select pg_advisory_xact_lock(?)', [AUDIT_CHAIN_LOCK], 'all', transaction);
  const [last] = await connection.execute<{ hash: string }[]>(
    'select hash from audit_events order by seq desc limit 1', [], 'all', transaction,
  );
  const record: AuditRecord = {
    at: new Date(),
    actorType: actor.kind,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    reason: entry.reason ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const event = em.create(AuditEvent, { ...record, at: record.at as Date, hash: hashAuditRecord(record) });
  await em.flush();
  return event;
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
export async function appendDeferredAuditEvents(em: EntityManager): Promise<void> {
  const queue = deferred.get(em) ?? [];
  deferred.delete(em);
  for (const { actor, entry } of queue) await appendAuditEvent(em, actor, entry);
}
