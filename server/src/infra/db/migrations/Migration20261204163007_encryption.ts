import { Migration } from '@mikro-orm/migrations';

export class Migration20261204163007_encryption extends Migration {

  // Existing jsonb values become their JSON text; EncryptedJsonType reads that and encrypts it at the next write or keys:rotate.
  override async up(): Promise<void> {
    this.addSql(`create table "secrets" ("id" uuid not null, "name" text not null, "value" text not null, "key_id" text not null, "created_by" text not null, "updated_by" text not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, constraint "secrets_pkey" primary key ("id"));`);
    this.addSql(`alter table "secrets" add constraint "secrets_name_unique" unique ("name");`);

    this.addSql(`alter table "runs" alter column "input" type text using ("input"::text);`);
    this.addSql(`alter table "runs" alter column "state" type text using ("state"::text);`);
    this.addSql(`alter table "runs" alter column "output" type text using ("output"::text);`);
    this.addSql(`alter table "runs" alter column "error" type text using ("error"::text);`);

    this.addSql(`alter table "step_runs" alter column "input" type text using ("input"::text);`);
    this.addSql(`alter table "step_runs" alter column "output" type text using ("output"::text);`);
    this.addSql(`alter table "step_runs" alter column "explanation" type text using ("explanation"::text);`);
    this.addSql(`alter table "step_runs" alter column "error" type text using ("error"::text);`);

    this.addSql(`alter table "review_tasks" alter column "request" type text using ("request"::text);`);
    this.addSql(`alter table "review_tasks" alter column "edits" type text using ("edits"::text);`);
  }

  // Reverts the column types only: values already encrypted are not JSON, so this fails until they are decrypted.
  override async down(): Promise<void> {
    this.addSql(`drop table if exists "secrets" cascade;`);

    this.addSql(`alter table "review_tasks" alter column "request" type jsonb using ("request"::jsonb);`);
    this.addSql(`alter table "review_tasks" alter column "edits" type jsonb using ("edits"::jsonb);`);

    this.addSql(`alter table "runs" alter column "input" type jsonb using ("input"::jsonb);`);
    this.addSql(`alter table "runs" alter column "state" type jsonb using ("state"::jsonb);`);
    this.addSql(`alter table "runs" alter column "output" type jsonb using ("output"::jsonb);`);
    this.addSql(`alter table "runs" alter column "error" type jsonb using ("error"::jsonb);`);

    this.addSql(`alter table "step_runs" alter column "input" type jsonb using ("input"::jsonb);`);
    this.addSql(`alter table "step_runs" alter column "output" type jsonb using ("output"::jsonb);`);
    this.addSql(`alter table "step_runs" alter column "explanation" type jsonb using ("explanation"::jsonb);`);
    this.addSql(`alter table "step_runs" alter column "error" type jsonb using ("error"::jsonb);`);
  }

}
