import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/src/infra/logging/logger.js';
import { migrateDatabase, openDatabase, type Database } from '../../../server/src/infra/db/orm.js';
import { JobQueue } from '../../../server/src/infra/queue/job-queue.js';
import { finishTransaction } from '../../../server/src/infra/db/commit-statements.js';
import { backends, createThrowawayDatabase } from '../../support/databases.js';

describe.each(backends())('job queue on %s', (backend) => {
  let db: Database;
  let queue: JobQueue;
  let drop: (() => Promise<void>) | undefined;
  const seen: string[] = [];

  beforeAll(async () => {
    let url: string | undefined;
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
    it('wakes listening workers when the sending transaction commits, through NOTIFY', async () => {
      await db.em().transactional(async (tx) => {
        await queue.send('probe', { tag: 'notified' }, { tx });
        await finishTransaction(tx, db.kind);
      });
      // No wake() in this process: only the notification, sent with the commit, can beat the 30 s poll.
      expect(await waitFor('notified', 5000)).toBe(true);
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
