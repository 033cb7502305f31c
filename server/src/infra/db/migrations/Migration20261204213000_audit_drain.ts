import { Migration } from '@mikro-orm/migrations';

const APPEND_ARGS = `p_lock bigint, p_prefix text, p_suffix text, p_at timestamptz, p_actor_type text, p_actor_id text, p_actor_label text,
      p_action text, p_subject_type text, p_subject_id text, p_before jsonb, p_after jsonb, p_reason text`;

/**
 * Run events move from audit_pending onto the chain in batches, after their
 * transactions commit, instead of one by one inside each COMMIT. Appending
 * inside the COMMIT held the chain's lock through every run transaction's WAL
 * flush: under load about five sessions at a time queued on it.
 *
 * - docket_drain_audit(lock): takes the chain lock and appends every committed
 *   pending event in id order (one WAL flush for the batch), removing it from
 *   audit_pending. The platform calls it shortly after each run commit, every
 *   few seconds, and before any read of the audit log.
 * - docket_append_audit (direct appends, in the changing transaction) drains
 *   first, so an event never lands on the chain before one that committed
 *   earlier and is still pending (a review decided after it was opened).
 *
 * Pending events are committed with the change they record, so none is lost;
 * they reach the chain within moments, or at the next read.
 */
export class Migration20261204213000_audit_drain extends Migration {
  override async up(): Promise<void> {
    this.addSql('drop trigger if exists "audit_pending_append" on "audit_pending";');
    this.addSql('drop function if exists "docket_append_pending_audit"();');
    // The append itself, for callers that hold the chain lock.
    this.addSql(`create function "docket_chain_event"(
      p_prefix text, p_suffix text, p_at timestamptz, p_actor_type text, p_actor_id text, p_actor_label text,
      p_action text, p_subject_type text, p_subject_id text, p_before jsonb, p_after jsonb, p_reason text
    ) returns table (out_seq bigint, out_hash text) language plpgsql as $$
    declare
      v_prev text;
    begin
      select a.hash into v_prev from audit_events a order by a.seq desc limit 1;
      v_prev := coalesce(v_prev, repeat('0', 64));
      return query insert into audit_events (at, actor_type, actor_id, actor_label, action, subject_type, subject_id, before, after, reason, prev_hash, hash)
        values (p_at, p_actor_type, p_actor_id, p_actor_label, p_action, p_subject_type, p_subject_id, p_before, p_after, p_reason, v_prev,
          encode(sha256(convert_to(p_prefix || v_prev || p_suffix, 'UTF8')), 'hex'))
        returning seq, hash;
    end $$;`);
    this.addSql(`create function "docket_chain_pending"() returns integer language plpgsql as $$
    declare
      r record;
      v_count integer := 0;
    begin
      for r in select * from audit_pending order by id loop
        perform docket_chain_event(r.prefix, r.suffix, r.at, r.actor_type, r.actor_id, r.actor_label, r.action, r.subject_type, r.subject_id,
          r.before, r.after, r.reason);
        delete from audit_pending where id = r.id;
        v_count := v_count + 1;
      end loop;
      return v_count;
    end $$;`);
    this.addSql(`create function "docket_drain_audit"(p_lock bigint) returns integer language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(p_lock);
      return docket_chain_pending();
    end $$;`);
    this.addSql(`create or replace function "docket_append_audit"(${APPEND_ARGS}) returns table (out_seq bigint, out_hash text) language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(p_lock);
      perform docket_chain_pending();
      return query select * from docket_chain_event(p_prefix, p_suffix, p_at, p_actor_type, p_actor_id, p_actor_label, p_action, p_subject_type,
        p_subject_id, p_before, p_after, p_reason);
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function "docket_append_audit"(${APPEND_ARGS}) returns table (out_seq bigint, out_hash text) language plpgsql as $$
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
    this.addSql('drop function if exists "docket_drain_audit"(bigint);');
    this.addSql('drop function if exists "docket_chain_pending"();');
    this.addSql(`drop function if exists "docket_chain_event"(text, text, timestamptz, text, text, text, text, text, text, jsonb, jsonb, text);`);
    this.addSql(`create function "docket_append_pending_audit"() returns trigger language plpgsql as $$
    begin
      perform docket_append_audit(7305001, new.prefix, new.suffix, new.at, new.actor_type, new.actor_id, new.actor_label, new.action,
        new.subject_type, new.subject_id, new.before, new.after, new.reason);
      delete from audit_pending where id = new.id;
      return null;
    end
    $$;`);
    this.addSql(`create constraint trigger "audit_pending_append" after insert on "audit_pending" deferrable initially deferred
      for each row execute function docket_append_pending_audit();`);
  }
}
