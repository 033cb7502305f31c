import { Migration } from '@mikro-orm/migrations';

/**
 * Appending to the audit chain in one statement: take the chain lock, read the
 * last hash, hash the new event and insert it. The caller sends the event's
 * canonical JSON split around prevHash, so the hash is the same sha256 the
 * verifier recomputes in Node. One statement keeps the lock's hold short.
 */
export class Migration20261204173900_audit_append extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function "docket_append_audit"(
      p_lock bigint, p_prefix text, p_suffix text, p_at timestamptz, p_actor_type text, p_actor_id text, p_actor_label text,
      p_action text, p_subject_type text, p_subject_id text, p_before jsonb, p_after jsonb, p_reason text
    ) returns table (out_seq bigint, out_hash text) language plpgsql as $$
    declare
      v_prev text;
      v_hash text;
    begin
      perform pg_advisory_xact_lock(p_lock);
      select a.hash into v_prev from audit_events a order by a.seq desc limit 1;
      v_prev := coalesce(v_prev, repeat('0', 64));
      v_hash := encode(sha256(convert_to(p_prefix || v_prev || p_suffix, 'UTF8')), 'hex');
      return query insert into audit_events (at, actor_type, actor_id, actor_label, action, subject_type, subject_id, before, after, reason, prev_hash, hash)
        values (p_at, p_actor_type, p_actor_id, p_actor_label, p_action, p_subject_type, p_subject_id, p_before, p_after, p_reason, v_prev, v_hash)
        returning seq, hash;
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists "docket_append_audit"(bigint, text, text, timestamptz, text, text, text, text, text, text, jsonb, jsonb, text);');
  }
}
