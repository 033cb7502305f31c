import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/infra/logging/logger.js';
import { migrateDatabase, openDatabase, type Database } from '../../../server/src/infra/db/orm.js';
import { JobQueue } from '../../../server/src/infra/queue/job-queue.js';
import { backends, createThrowawayDatabase } from '../../support/databases.js';

describe.each(backends())('job queue on %s', (backend) => {
  let db: Database;
  let queue: JobQueue;
  let drop: (() => Promise<void>) | undefined;
  let url: string | undefined;
  const seen: string[] = [];

  beforeAll(async () => {
    if (backend === 'postgres') ({ url, drop } = await createThrowawayDatabase());
    db = await openDatabase({ databaseUrl: url, pgliteDir: 'memory' });
    await migrateDatabase(db);
    queue = new JobQueue(db, createLogger('silent'), { databaseUrl: url });
    await queue.start();
    await queue.ensureQueue('probe');
    await queue.work<{ tag: string }>('probe', { concurrency: 2, pollingIntervalSeconds: 30 }, async (job) => {
      seen.push(job.data.tag);
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
