import { Migration } from '@mikro-orm/migrations';

export class Migration20261204154905_prompts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "prompts" ("id" uuid not null, "key" text not null, "name" text not null, "description" text not null default '', "created_at" timestamptz(3) not null, constraint "prompts_pkey" primary key ("id"));`);
    this.addSql(`alter table "prompts" add constraint "prompts_key_unique" unique ("key");`);

    this.addSql(`create table "prompt_versions" ("id" uuid not null, "prompt_id" uuid not null, "version" int not null, "status" text not null default 'draft', "spec" jsonb not null, "content_hash" text not null, "author_id" uuid null, "author_label" text not null, "created_at" timestamptz(3) not null, "submitted_at" timestamptz(3) null, "reviewer_id" uuid null, "reviewer_label" text null, "reviewed_at" timestamptz(3) null, "review_note" text null, "published_at" timestamptz(3) null, "retired_at" timestamptz(3) null, "last_test_report" jsonb null, constraint "prompt_versions_pkey" primary key ("id"));`);
    this.addSql(`alter table "prompt_versions" add constraint "prompt_versions_prompt_id_version_unique" unique ("prompt_id", "version");`);

    this.addSql(`create table "prompt_labels" ("id" uuid not null, "prompt_id" uuid not null, "label" text not null, "version_id" uuid not null, "moved_by" text not null, "moved_at" timestamptz(3) not null, constraint "prompt_labels_pkey" primary key ("id"));`);
    this.addSql(`alter table "prompt_labels" add constraint "prompt_labels_prompt_id_label_unique" unique ("prompt_id", "label");`);

    this.addSql(`alter table "prompt_versions" add constraint "prompt_versions_prompt_id_foreign" foreign key ("prompt_id") references "prompts" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "prompt_labels" add constraint "prompt_labels_prompt_id_foreign" foreign key ("prompt_id") references "prompts" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "prompt_labels" add constraint "prompt_labels_version_id_foreign" foreign key ("version_id") references "prompt_versions" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "prompt_versions" drop constraint "prompt_versions_prompt_id_foreign";`);

    this.addSql(`alter table "prompt_labels" drop constraint "prompt_labels_prompt_id_foreign";`);

    this.addSql(`alter table "prompt_labels" drop constraint "prompt_labels_version_id_foreign";`);

    this.addSql(`drop table if exists "prompts" cascade;`);

    this.addSql(`drop table if exists "prompt_versions" cascade;`);

    this.addSql(`drop table if exists "prompt_labels" cascade;`);
  }

}
