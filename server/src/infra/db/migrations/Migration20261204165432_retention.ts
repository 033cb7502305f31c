import { Migration } from '@mikro-orm/migrations';

export class Migration20261204165432_retention extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "runs" add column "purged_at" timestamptz(3) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "runs" drop column "purged_at";`);
  }

}
