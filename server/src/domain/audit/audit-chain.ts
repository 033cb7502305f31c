import { canonicalJson, sha256Hex } from '../shared/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields an audit event's hash covers, in the form they are stored. */
export interface AuditRecord {
  at: Date | string;
  actorType: string;
  actorId?: string | null;
  actorLabel?: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  prevHash: string;
}

export interface HashedAuditRecord extends AuditRecord {
  seq?: number | string;
  hash: string;
}

export function hashAuditRecord(record: AuditRecord): string {
  return sha256Hex(canonicalAuditRecord(record));
}

/** The text an event's hash is taken over (the database's append function hashes the same text). */
export function canonicalAuditRecord(record: AuditRecord): string {
  return (
    canonicalJson({
      at: new Date(record.at).toISOString(),
      actorType: record.actorType,
      actorId: record.actorId ?? null,
      actorLabel: record.actorLabel ?? null,
      action: record.action,
      subjectType: record.subjectType,
      subjectId: record.subjectId ?? null,
      before: record.before ?? null,
      after: record.after ?? null,
      reason: record.reason ?? null,
      prevHash: record.prevHash,
    })
  );
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** seq of the first event that does not fit the chain */
  brokenAt: string | null;
  reason: string | null;
}

/**
 * Walks events in chain order. A modified row fails its own hash; a deleted,
 * inserted or reordered row breaks the next event's link to its predecessor.
 */
export class AuditChainVerifier {
  private previous = GENESIS_HASH;
  private checked = 0;
  private broken: { at: string; reason: string } | null = null;

  accept(event: HashedAuditRecord): boolean {
    if (this.broken) return false;
    const seq = String(event.seq ?? this.checked + 1);
    if (event.prevHash !== this.previous) {
      this.broken = { at: seq, reason: 'prevHash does not match the previous event (a row was deleted, inserted or reordered)' };
      return false;
    }
    if (hashAuditRecord(event) !== event.hash) {
      this.broken = { at: seq, reason: 'hash does not match the event content (the row was modified)' };
      return false;
    }
    this.previous = event.hash;
    this.checked += 1;
    return true;
  }

  result(): ChainVerification {
    return { ok: this.broken === null, checked: this.checked, brokenAt: this.broken?.at ?? null, reason: this.broken?.reason ?? null };
  }
}
