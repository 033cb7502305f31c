import { Migration } from '@mikro-orm/migrations';

export class Migration20261204161543_step_worker extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "step_runs" add column "worker" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "step_runs" drop column "worker";`);
  }

}
