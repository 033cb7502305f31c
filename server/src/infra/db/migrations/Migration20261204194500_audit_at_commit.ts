import { Migration } from '@mikro-orm/migrations';

/**
 * Audit events appended at COMMIT. A transaction that defers its events
 * inserts them into audit_pending; a deferred constraint trigger appends each
 * to the chain (docket_append_audit, with the same chain lock as
 * audit.service.ts) while the transaction commits, and removes the pending
 * row. The chain lock is then taken inside the COMMIT and released with it:
 * no other writer waits for this transaction's client between its append and
 * its commit.
 */
export class Migration20261204194500_audit_at_commit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "audit_pending" ("id" bigserial primary key, "prefix" text not null, "suffix" text not null, "at" timestamptz not null,
      "actor_type" text not null, "actor_id" text null, "actor_label" text null, "action" text not null, "subject_type" text not null,
      "subject_id" text null, "before" jsonb null, "after" jsonb null, "reason" text null);`);
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

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists "audit_pending_append" on "audit_pending";');
    this.addSql('drop function if exists "docket_append_pending_audit"();');
    this.addSql('drop table if exists "audit_pending";');
  }
}
