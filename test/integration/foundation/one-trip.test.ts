import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../../server/src/infra/db/orm.js';
import { runInOneTrip } from '../../../server/src/infra/db/one-trip.js';
import { rawQuery } from '../../../server/src/infra/db/raw-sql.js';
import { backends, createThrowawayDatabase } from '../../support/databases.js';

/** Values that must survive being written into SQL text as literals. */
const AWKWARD = [
  "O'Brien", "''", 'back\\slash', '\\x41', "\\'; drop table probes; --", 'line\nbreak\ttab', 'Grüße 東京 🧾', '$1 ? $$ ? $tag$', '',
];

describe.each(backends())('one-trip writes on %s', (backend) => {
  let db: Database;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    let url: string | undefined;
    if (backend === 'postgres') ({ url, drop } = await createThrowawayDatabase());
    db = await openDatabase({ databaseUrl: url, pgliteDir: 'memory' });
    await migrateDatabase(db);
    await rawQuery(db.em(), 'create table probes (id int primary key, label text, doc jsonb, at timestamptz, amount numeric, flag boolean)', []);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  async function rows(): Promise<Array<{ id: number; label: string | null; doc: unknown; at: Date | null; amount: string | null; flag: boolean | null }>> {
    return rawQuery(db.em(), 'select id, label, doc, at, amount::text as amount, flag from probes order by id', []);
  }

  it('writes every kind of value exactly as a parameterized statement would', async () => {
    const at = new Date('2026-12-04T10:11:12.345Z');
    const doc = { name: "D'Angelo \\ \"quoted\"", nested: [1, 'two', { three: null }], unicode: 'ünï 💶' };
    await runInOneTrip(db, AWKWARD.map((label, i) => ({
      sql: 'insert into probes (id, label, doc, at, amount, flag) values (?, ?, ?, ?, ?, ?)',
      params: [i, label, i === 0 ? doc : null, i === 0 ? at : null, i === 0 ? 1234.5 : null, i === 0 ? true : null],
    })));
    const stored = await rows();
    expect(stored.map((row) => row.label)).toEqual(AWKWARD);
    expect(stored[0]).toMatchObject({ doc, amount: '1234.5', flag: true });
    expect(new Date(stored[0]?.at as Date).toISOString()).toBe(at.toISOString());
    expect(stored.slice(1).every((row) => row.doc === null && row.at === null && row.amount === null)).toBe(true);
    await rawQuery(db.em(), 'delete from probes', []);
  });

  it('commits all statements or none: a failing statement rolls back the ones before it', async () => {
    await expect(runInOneTrip(db, [
      { sql: 'insert into probes (id, label) values (?, ?)', params: [100, 'first'] },
      { sql: 'insert into probes (id, label) values (?, ?)', params: [101, 'second'] },
      // Duplicate key: the whole message must roll back.
      { sql: 'insert into probes (id, label) values (?, ?)', params: [100, 'again'] },
      { sql: 'insert into probes (id, label) values (?, ?)', params: [102, 'never reached'] },
    ])).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual([]);
  });

  it('takes library SQL numbered $1… and refuses values it cannot send', async () => {
    await runInOneTrip(db, [{ sql: 'insert into probes (id, label) values ($2, $1)', params: ["it's numbered", 300], numbered: true }]);
    expect((await rows()).map((row) => row.label)).toEqual(["it's numbered"]);
    await expect(runInOneTrip(db, [{ sql: 'insert into probes (id, label) values (?, ?)', params: [301, 'a\0b'] }])).rejects.toThrow(/NUL/);
    await expect(runInOneTrip(db, [{ sql: 'insert into probes (id, amount) values (?, ?)', params: [302, Number.NaN] }])).rejects.toThrow(/cannot be written/);
    // Placeholders and values that do not match are the server's to refuse, and nothing is written.
    await expect(runInOneTrip(db, [{ sql: 'insert into probes (id, label) values (?, ?)', params: [303] }])).rejects.toThrow(/parameters/);
    expect(await rows()).toHaveLength(1);
    await rawQuery(db.em(), 'delete from probes', []);
  });

  it('prepares each statement once per connection and again when the server lost it', async () => {
    const insert = (id: number) => ({ sql: 'insert into probes (id, label) values (?, ?)', params: [id, `row ${id}`] });
    await runInOneTrip(db, [insert(400), insert(401)]);
    const prepared = async () => rawQuery<{ name: string }>(db.em(), "select name from pg_prepared_statements where name like 'docket%'", []);
    // PGlite has one connection, so the check sees the statement; on a pool it may be another connection's.
    if (backend === 'pglite') expect((await prepared()).length).toBeGreaterThan(0);
    await rawQuery(db.em(), 'deallocate all', []);
    await runInOneTrip(db, [insert(402)]);
    expect((await rows()).map((row) => row.id)).toEqual([400, 401, 402]);
    await rawQuery(db.em(), 'delete from probes', []);
  });

  it('refuses a stale run claim with DK001 and a changed pick with DK002, rolling back what came with them', async () => {
    await expect(runInOneTrip(db, [
      { sql: 'insert into probes (id, label) values (?, ?)', params: [200, 'with a stale claim'] },
      { sql: 'select docket_claim_run(?, ?)', params: ['00000000-0000-0000-0000-000000000000', '1'] },
    ])).rejects.toMatchObject({ code: 'DK001' });
    await expect(runInOneTrip(db, [
      { sql: 'select docket_expect_published(?, ?, ?)', params: ['no-such-template', '00000000-0000-0000-0000-000000000000', '0'] },
      { sql: 'insert into probes (id, label) values (?, ?)', params: [201, 'after a changed pick'] },
    ])).rejects.toMatchObject({ code: 'DK002' });
    expect(await rows()).toEqual([]);
  });
});
