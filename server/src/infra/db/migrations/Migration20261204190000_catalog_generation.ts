import { Migration } from '@mikro-orm/migrations';

/**
 * A counter that every change to policy versions, prompt versions or prompt
 * labels moves forward (statement triggers). Starting a run reads it with the
 * published template version, in the same query, and reuses the policy and
 * prompt versions it resolved for that template while the counter stands
 * still: a publish, retirement or label move is seen by the next run, in
 * every process, without re-resolving every reference on every start.
 */
export class Migration20261204190000_catalog_generation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "catalog_generation" ("id" int not null primary key, "generation" bigint not null);`);
    this.addSql(`insert into "catalog_generation" ("id", "generation") values (1, 0);`);
    this.addSql(`create function "docket_catalog_changed"() returns trigger language plpgsql as $$
    begin
      update catalog_generation set generation = generation + 1 where id = 1;
      return null;
    end
    $$;`);
    for (const table of ['policy_versions', 'prompt_versions', 'prompt_labels']) {
      this.addSql(`create trigger "${table}_catalog_changed" after insert or update or delete or truncate on "${table}" for each statement execute function docket_catalog_changed();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of ['policy_versions', 'prompt_versions', 'prompt_labels']) this.addSql(`drop trigger if exists "${table}_catalog_changed" on "${table}";`);
    this.addSql(`drop function if exists "docket_catalog_changed"();`);
    this.addSql(`drop table if exists "catalog_generation";`);
  }
}
