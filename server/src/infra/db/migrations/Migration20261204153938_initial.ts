import { Migration } from '@mikro-orm/migrations';

export class Migration20261204153938_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_events" ("seq" bigserial primary key, "at" timestamptz(3) not null, "actor_type" text not null, "actor_id" text null, "actor_label" text null, "action" text not null, "subject_type" text not null, "subject_id" text null, "before" jsonb null, "after" jsonb null, "reason" text null, "prev_hash" text not null, "hash" text not null);`);
    this.addSql(`create index "audit_events_action_index" on "audit_events" ("action");`);
    this.addSql(`create index "audit_events_hash_index" on "audit_events" ("hash");`);
    this.addSql(`create index "audit_events_subject_type_subject_id_index" on "audit_events" ("subject_type", "subject_id");`);

    this.addSql(`create table "users" ("id" uuid not null, "email" text not null, "display_name" text not null, "password_hash" text not null, "roles" jsonb not null, "active" boolean not null default true, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`create table "sessions" ("id" uuid not null, "user_id" uuid not null, "token_hash" text not null, "created_at" timestamptz(3) not null, "expires_at" timestamptz(3) not null, "revoked_at" timestamptz(3) null, constraint "sessions_pkey" primary key ("id"));`);
    this.addSql(`alter table "sessions" add constraint "sessions_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "api_keys" ("id" uuid not null, "name" text not null, "owner_id" uuid not null, "roles" jsonb not null, "secret_hash" text not null, "prefix" text not null, "rate_limit_per_minute" int null, "created_at" timestamptz(3) not null, "expires_at" timestamptz(3) null, "last_used_at" timestamptz(3) null, "revoked_at" timestamptz(3) null, constraint "api_keys_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_secret_hash_unique" unique ("secret_hash");`);

    this.addSql(`alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_keys" add constraint "api_keys_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete cascade;`);

    // The audit chain is append-only: the database itself refuses edits.
    this.addSql(`create function "audit_events_refuse_change"() returns trigger language plpgsql as $$ begin raise exception 'audit_events is append-only: % refused', tg_op using errcode = 'insufficient_privilege'; end $$;`);
    this.addSql(`create trigger "audit_events_append_only" before update or delete on "audit_events" for each row execute function "audit_events_refuse_change"();`);
    this.addSql(`create trigger "audit_events_no_truncate" before truncate on "audit_events" for each statement execute function "audit_events_refuse_change"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "audit_events_no_truncate" on "audit_events";`);
    this.addSql(`drop trigger if exists "audit_events_append_only" on "audit_events";`);
    this.addSql(`drop function if exists "audit_events_refuse_change"();`);
    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);

    this.addSql(`alter table "api_keys" drop constraint "api_keys_owner_id_foreign";`);

    this.addSql(`drop table if exists "audit_events" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop table if exists "api_keys" cascade;`);
  }

}
