import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/infra/logging/logger.js';
import { migrateDatabase, openDatabase, type Database } from '../../../server/src/infra/db/orm.js';
import { runInOneTrip } from '../../../server/src/infra/db/one-trip.js';
import { rawQuery } from '../../../server/src/infra/db/raw-sql.js';
import { JobQueue } from '../../../server/src/infra/queue/job-queue.js';
import { backends, createThrowawayDatabase } from '../../support/databases.js';

describe.each(backends())('job queue on %s', (backend) => {
  let db: Database;
  let queue: JobQueue;
  let drop: (() => Promise<void>) | undefined;
  let url: string | undefined;
  const seen: string[] = [];
  const handedOver = new Map<string, unknown>();

  beforeAll(async () => {
    if (backend === 'postgres') ({ url, drop } = await createThrowawayDatabase());
    db = await openDatabase({ databaseUrl: url, pgliteDir: 'memory' });
    await migrateDatabase(db);
    // Maintenance every second: it is what hands out again a job whose process died.
    queue = new JobQueue(db, createLogger('silent'), { databaseUrl: url, maintenanceIntervalSeconds: 1 });
    await queue.start();
    await queue.ensureQueue('probe');
    await queue.work<{ tag: string }>('probe', { concurrency: 2, pollingIntervalSeconds: 30 }, async (job) => {
      seen.push(job.data.tag);
      if (job.local !== undefined) handedOver.set(job.data.tag, job.local);
    });
  });
  afterAll(async () => {
    await queue?.stop();
    await db?.close();
    await drop?.();
  });

  async function waitFor(tag: string, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (seen.includes(tag)) return true;
      await new Promise((r) => setTimeout(r, 10));
    }
    return false;
  }

  it('delivers a job sent inside a committed transaction, promptly when woken', async () => {
    await db.em().transactional(async (tx) => {
      await queue.send('probe', { tag: 'committed' }, { tx });
    });
    queue.wake('probe');
    // The workers poll every 30 s, so arriving within 5 s proves the wake-up worked.
    expect(await waitFor('committed', 5000)).toBe(true);
  });

  if (backend === 'postgres') {
    it('wakes workers in another process through NOTIFY when the sender announces its committed job', async () => {
      // A second queue on the same database stands for another process: it has no workers of its
      // own, so only the notification it sends can wake this queue's workers before their 30 s poll.
      const sender = new JobQueue(db, createLogger('silent'), { databaseUrl: url });
      await sender.start();
      try {
        await db.em().transactional(async (tx) => {
          await sender.send('probe', { tag: 'notified' }, { tx });
        });
        sender.announce('probe');
        expect(await waitFor('notified', 5000)).toBe(true);
      } finally {
        await sender.stop();
      }
    });
  }

  async function jobRow(id: string): Promise<{ state: string; same_start: boolean } | undefined> {
    const [row] = await rawQuery<{ state: string; same_start: boolean }>(db.em(), 'select state, started_on = created_on as same_start from pgboss.job where id = ?', [id]);
    return row;
  }

  it('runs a job sent as taken here in its own worker, without a fetch, with what the sender handed over', async () => {
    const slot = queue.claimSlot('probe');
    expect(slot).not.toBeNull();
    const sent = await queue.sendStatements('probe', { tag: 'eager' }, {}, true);
    await runInOneTrip(db, sent.statements);
    // Taken in the sending transaction itself (now() is the transaction's time): no worker fetched it.
    expect(await jobRow(sent.id)).toEqual({ state: 'active', same_start: true });
    slot?.start(sent.id, { tag: 'eager' }, { note: 'in memory' });
    expect(await waitFor('eager', 5000)).toBe(true);
    expect(handedOver.get('eager')).toEqual({ note: 'in memory' });
    const until = Date.now() + 5000;
    while ((await jobRow(sent.id))?.state !== 'completed' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect((await jobRow(sent.id))?.state).toBe('completed');
  });

  it('gives a slot only where a worker of the queue has room, and takes a released one back', async () => {
    expect(queue.claimSlot('no-such-queue')).toBeNull();
    const first = queue.claimSlot('probe');
    const second = queue.claimSlot('probe');
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(queue.claimSlot('probe')).toBeNull(); // concurrency 2
    first?.release();
    const third = queue.claimSlot('probe');
    expect(third).not.toBeNull();
    second?.release();
    third?.release();
  });

  it('hands a job taken by a process that died to a worker once it expires', async () => {
    const slot = queue.claimSlot('probe');
    const sent = await queue.sendStatements('probe', { tag: 'orphaned' }, { expireInSeconds: 1 }, true);
    await runInOneTrip(db, sent.statements);
    // The process that took it "dies": its slot never starts the job.
    slot?.release();
    const until = Date.now() + 15_000;
    while (!seen.includes('orphaned') && Date.now() < until) {
      queue.wake('probe');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(seen).toContain('orphaned');
    expect(handedOver.has('orphaned')).toBe(false);
  }, 20_000);

  it('drops a job sent inside a transaction that rolls back', async () => {
    await expect(db.em().transactional(async (tx) => {
      await queue.send('probe', { tag: 'rolled-back' }, { tx });
      throw new Error('abort');
    })).rejects.toThrow('abort');
    await queue.send('probe', { tag: 'after' });
    queue.wake('probe');
    expect(await waitFor('after', 5000)).toBe(true);
    expect(seen).not.toContain('rolled-back');
  });
});
