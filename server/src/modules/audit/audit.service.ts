import type { EntityManager } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { canonicalAuditRecord } from '../../domain/audit/audit-chain.js';
import { rawQuery, runStatement, type Statement } from '../../infra/db/raw-sql.js';
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
 * predecessor and the chain never forks. Pending events that committed
 * earlier are appended first (see the audit_drain migration).
 */
export async function appendAuditEvent(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  if (!em.isInTransaction()) throw new Error('audit events must be appended inside the transaction of the change they record');
  // Everything else the transaction writes goes first: from the lock to the commit, the
  // chain is blocked for every other writer, so only the append itself may happen there.
  await em.flush();
  const [row] = await em.getConnection().execute<Array<{ out_seq: number | string; out_hash: string }>>(
    'select out_seq, out_hash from docket_append_audit(?, ?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)',
    [AUDIT_CHAIN_LOCK, ...appendArguments(actor, entry)], 'all', em.getTransactionContext(),
  );
  return { seq: Number(row?.out_seq ?? 0), hash: row?.out_hash ?? '' };
}

/** The append's arguments: the event's canonical JSON around its prevHash (which only the database knows, under the lock), and its columns. */
function appendArguments(actor: Actor, entry: AuditEntry): unknown[] {
  const at = new Date();
  const marker = randomBytes(32).toString('hex');
  const canonical = canonicalAuditRecord({
    at, actorType: actor.kind, actorId: actor.id, actorLabel: actor.label, action: entry.action, subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null, before: entry.before ?? null, after: entry.after ?? null, reason: entry.reason ?? null, prevHash: marker,
  });
  const [prefix, suffix] = canonical.split(marker);
  return [
    prefix ?? '', suffix ?? '', at.toISOString(), actor.kind, actor.id ?? null, actor.label ?? null, entry.action,
    entry.subjectType, entry.subjectId ?? null, json(entry.before ?? null), json(entry.after ?? null), entry.reason ?? null,
  ];
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/**
 * Records an event in the caller's transaction without taking the chain's
 * lock: it commits into audit_pending, and drainAuditLog appends it to the
 * chain soon after (see the audit_drain migration). For hot paths (run
 * steps), where every commit holding one global lock made runs queue on it.
 */
export async function deferAuditEvent(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
  if (!em.isInTransaction()) throw new Error('audit events must be recorded inside the transaction of the change they record');
  await runStatement(em, pendingAuditStatement(actor, entry));
}

/**
 * Appends every committed pending event to the chain, in one transaction
 * under the chain's lock; returns how many. Readers of the audit log call it
 * first, so they see every event that has committed.
 */
export async function drainAuditLog(em: EntityManager): Promise<number> {
  const [row] = await rawQuery<{ drained: number }>(em, 'select docket_drain_audit(?) as drained', [AUDIT_CHAIN_LOCK]);
  return Number(row?.drained ?? 0);
}

/** The row deferAuditEvent queues, for writers that send their own statements (runInOneTrip). */
export function pendingAuditStatement(actor: Actor, entry: AuditEntry): Statement {
  return {
    sql: `insert into audit_pending (prefix, suffix, at, actor_type, actor_id, actor_label, action, subject_type, subject_id, before, after, reason)
    values (?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)`,
    params: appendArguments(actor, entry),
  };
}
