import { Migration } from '@mikro-orm/migrations';

/**
 * Checks that let a run's writes go to the server in one message (one
 * implicit transaction) instead of a locked read, the writes and a COMMIT:
 * each raises, and so rolls the whole message back, when what the writer
 * read has changed since. The writer then takes the locked path.
 *
 * - docket_claim_run: the run row is still the version the writer read (its
 *   xmin, which every update of the row changes); locks it for the rest of
 *   the transaction.
 * - docket_expect_published: the template's newest published version and the
 *   catalog generation are still the ones the writer resolved the run against.
 */
export class Migration20261204210000_one_trip_checks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function "docket_claim_run"(run_id uuid, seen xid) returns void language plpgsql as $$
    begin
      perform 1 from runs where id = run_id and xmin = seen for update;
      if not found then
        raise exception 'run % changed since it was read', run_id using errcode = 'DK001';
      end if;
    end
    $$;`);
    this.addSql(`create function "docket_expect_published"(template_key text, version_id uuid, seen_generation bigint) returns void language plpgsql as $$
    begin
      if (select v.id from template_versions v join process_templates t on t.id = v.template_id
          where t.key = template_key and v.status = 'published' order by v.version desc limit 1) is distinct from version_id
        or (select generation from catalog_generation where id = 1) is distinct from seen_generation then
        raise exception 'template % or its policies and prompts changed since they were resolved', template_key using errcode = 'DK002';
      end if;
    end
    $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "docket_expect_published"(text, uuid, bigint);`);
    this.addSql(`drop function if exists "docket_claim_run"(uuid, xid);`);
  }
}
