import { Migration } from '@mikro-orm/migrations';

export class Migration20261204160509_engine extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "process_templates" ("id" uuid not null, "key" text not null, "name" text not null, "description" text not null default '', "created_at" timestamptz(3) not null, constraint "process_templates_pkey" primary key ("id"));`);
    this.addSql(`alter table "process_templates" add constraint "process_templates_key_unique" unique ("key");`);

    this.addSql(`create table "template_versions" ("id" uuid not null, "template_id" uuid not null, "version" int not null, "status" text not null default 'draft', "spec" jsonb not null, "content_hash" text not null, "problems" jsonb not null, "author_id" uuid null, "author_label" text not null, "changelog" text null, "created_at" timestamptz(3) not null, "published_by" text null, "published_at" timestamptz(3) null, "retired_at" timestamptz(3) null, constraint "template_versions_pkey" primary key ("id"));`);
    this.addSql(`alter table "template_versions" add constraint "template_versions_template_id_version_unique" unique ("template_id", "version");`);

    this.addSql(`create table "runs" ("id" uuid not null, "template_version_id" uuid not null, "template_key" text not null, "mode" text not null, "status" text not null, "outcome" text null, "idempotency_key" text null, "input" jsonb not null, "state" jsonb not null, "references" jsonb not null, "output" jsonb null, "decision_summary" text null, "error" jsonb null, "shadow_of" uuid null, "started_by" text not null, "tokens" int not null default 0, "cost_usd" double precision not null default 0, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "finished_at" timestamptz(3) null, constraint "runs_pkey" primary key ("id"));`);
    this.addSql(`create index "runs_template_key_index" on "runs" ("template_key");`);
    this.addSql(`create index "runs_status_created_at_index" on "runs" ("status", "created_at");`);
    this.addSql(`alter table "runs" add constraint "runs_template_key_idempotency_key_unique" unique ("template_key", "idempotency_key");`);

    this.addSql(`create table "step_runs" ("id" uuid not null, "run_id" uuid not null, "step_id" text not null, "kind" text not null, "attempt" int not null, "status" text not null, "input" jsonb null, "output" jsonb null, "explanation" jsonb null, "error" jsonb null, "duration_ms" int not null, "tokens" int not null default 0, "cost_usd" double precision not null default 0, "started_at" timestamptz(3) not null, "finished_at" timestamptz(3) not null, constraint "step_runs_pkey" primary key ("id"));`);
    this.addSql(`alter table "step_runs" add constraint "step_runs_run_id_step_id_attempt_unique" unique ("run_id", "step_id", "attempt");`);

    this.addSql(`create table "review_tasks" ("id" uuid not null, "run_id" uuid not null, "step_id" text not null, "status" text not null default 'open', "role" text not null, "escalation_role" text null, "escalated_at" timestamptz(3) null, "title" text not null, "request" jsonb not null, "due_at" timestamptz(3) not null, "decision" text null, "edits" jsonb null, "comment" text null, "decided_by" text null, "decided_at" timestamptz(3) null, "created_at" timestamptz(3) not null, constraint "review_tasks_pkey" primary key ("id"));`);
    this.addSql(`create index "review_tasks_status_role_index" on "review_tasks" ("status", "role");`);

    this.addSql(`alter table "template_versions" add constraint "template_versions_template_id_foreign" foreign key ("template_id") references "process_templates" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "runs" add constraint "runs_template_version_id_foreign" foreign key ("template_version_id") references "template_versions" ("id") on update cascade;`);

    this.addSql(`alter table "step_runs" add constraint "step_runs_run_id_foreign" foreign key ("run_id") references "runs" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "review_tasks" add constraint "review_tasks_run_id_foreign" foreign key ("run_id") references "runs" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "template_versions" drop constraint "template_versions_template_id_foreign";`);

    this.addSql(`alter table "runs" drop constraint "runs_template_version_id_foreign";`);

    this.addSql(`alter table "step_runs" drop constraint "step_runs_run_id_foreign";`);

    this.addSql(`alter table "review_tasks" drop constraint "review_tasks_run_id_foreign";`);

    this.addSql(`drop table if exists "process_templates" cascade;`);

    this.addSql(`drop table if exists "template_versions" cascade;`);

    this.addSql(`drop table if exists "runs" cascade;`);

    this.addSql(`drop table if exists "step_runs" cascade;`);

    this.addSql(`drop table if exists "review_tasks" cascade;`);
  }

}
