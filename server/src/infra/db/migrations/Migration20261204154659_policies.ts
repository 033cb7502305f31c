import { Migration } from '@mikro-orm/migrations';

export class Migration20261204154659_policies extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "policies" ("id" uuid not null, "key" text not null, "name" text not null, "description" text not null default '', "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, constraint "policies_pkey" primary key ("id"));`);
    this.addSql(`alter table "policies" add constraint "policies_key_unique" unique ("key");`);

    this.addSql(`create table "policy_versions" ("id" uuid not null, "policy_id" uuid not null, "version" int not null, "status" text not null default 'draft', "logic" jsonb not null, "input_schema" jsonb null, "test_cases" jsonb not null, "changelog" text null, "content_hash" text not null, "problems" jsonb not null, "author_id" uuid null, "author_label" text not null, "created_at" timestamptz(3) not null, "published_by" text null, "published_at" timestamptz(3) null, "retired_at" timestamptz(3) null, constraint "policy_versions_pkey" primary key ("id"));`);
    this.addSql(`alter table "policy_versions" add constraint "policy_versions_policy_id_version_unique" unique ("policy_id", "version");`);

    this.addSql(`alter table "policy_versions" add constraint "policy_versions_policy_id_foreign" foreign key ("policy_id") references "policies" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "policy_versions" drop constraint "policy_versions_policy_id_foreign";`);

    this.addSql(`drop table if exists "policies" cascade;`);

    this.addSql(`drop table if exists "policy_versions" cascade;`);
  }

}
