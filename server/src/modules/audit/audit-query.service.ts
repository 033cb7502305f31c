import type { FilterQuery } from '@mikro-orm/core';
import { AuditChainVerifier, type ChainVerification } from '../../domain/audit/audit-chain.js';
import { ValidationError } from '../../domain/errors/index.js';
import type { Database } from '../../infra/db/orm.js';
import { appendAuditEvent, drainAuditLog } from './audit.service.js';
import { authorize, type Actor } from '../auth/actor.js';
import { AuditEvent } from './audit-event.entity.js';

export interface AuditFilter {
  action?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  actorId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export interface AuditPage {
  events: AuditEvent[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

const MAX_PAGE = 200;
const VERIFY_BATCH = 1000;

/** Reading, verifying and exporting the audit chain; appends live in audit.service.ts. */
export class AuditQueryService {
  constructor(private readonly db: Database) {}

  /** Newest first, keyset-paginated by seq (the cursor is the last seq seen). */
  async list(actor: Actor, filter: AuditFilter = {}, first = 50, after?: string | null): Promise<AuditPage> {
    authorize(actor, 'read', 'AuditEvent');
    if (first < 1 || first > MAX_PAGE) throw ValidationError.single('/first', 'range', `must be between 1 and ${MAX_PAGE}`);
    const where: FilterQuery<AuditEvent> = {};
    if (filter.action) where.action = filter.action.endsWith('*') ? { $like: `${filter.action.slice(0, -1)}%` } : filter.action;
    if (filter.subjectType) where.subjectType = filter.subjectType;
    if (filter.subjectId) where.subjectId = filter.subjectId;
    if (filter.actorId) where.actorId = filter.actorId;
    if (filter.from || filter.to) where.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    const em = this.db.em();
    await drainAuditLog(em);
    const totalCount = await em.count(AuditEvent, where);
    const pageWhere = after ? { ...where, seq: { $lt: parseCursor(after) } } : where;
    const rows = await em.find(AuditEvent, pageWhere, { orderBy: { seq: 'desc' }, limit: first + 1 });
    const events = rows.slice(0, first);
    return { events, hasNextPage: rows.length > first, endCursor: events.at(-1) ? String(events.at(-1)?.seq) : null, totalCount };
  }

  async verify(actor: Actor): Promise<ChainVerification> {
    authorize(actor, 'verify', 'AuditEvent');
    return verifyStoredChain(this.db);
  }
}

/** Recomputes the whole chain in seq order, a batch at a time. */
export async function verifyStoredChain(db: Database): Promise<ChainVerification> {
  const verifier = new AuditChainVerifier();
  await drainAuditLog(db.em());
  let last = 0;
  for (;;) {
    const batch = await db.em().find(AuditEvent, { seq: { $gt: last } }, { orderBy: { seq: 'asc' }, limit: VERIFY_BATCH });
    for (const event of batch) {
      if (!verifier.accept(event)) return verifier.result();
    }
    if (batch.length < VERIFY_BATCH) return verifier.result();
    last = batch.at(-1)?.seq ?? last;
  }
}

/** Streams the chain as JSON Lines; the export itself is audited first, so it is part of what it exports. */
export async function* exportAuditChain(db: Database, actor: Actor): AsyncGenerator<string> {
  await db.em().transactional(async (tx) => {
    await appendAuditEvent(tx, actor, { action: 'audit.exported', subjectType: 'AuditEvent', subjectId: null });
  });
  let last = 0;
  for (;;) {
    const batch = await db.em().find(AuditEvent, { seq: { $gt: last } }, { orderBy: { seq: 'asc' }, limit: VERIFY_BATCH });
    for (const e of batch) {
      yield `${JSON.stringify({
        seq: e.seq, at: e.at.toISOString(), actorType: e.actorType, actorId: e.actorId ?? null, actorLabel: e.actorLabel ?? null,
        action: e.action, subjectType: e.subjectType, subjectId: e.subjectId ?? null, before: e.before ?? null, after: e.after ?? null,
        reason: e.reason ?? null, prevHash: e.prevHash, hash: e.hash,
      })}\n`;
    }
    if (batch.length < VERIFY_BATCH) return;
    last = batch.at(-1)?.seq ?? last;
  }
}

function parseCursor(cursor: string): number {
  const seq = Number(cursor);
  if (!Number.isSafeInteger(seq) || seq < 1) throw ValidationError.single('/after', 'cursor', 'is not a cursor returned by this query');
  return seq;
}
