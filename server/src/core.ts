import path from 'node:path';
import type { AppConfig } from './infra/config/config.js';
import { loadKeyring } from './infra/crypto/load-keyring.js';
import { installKeyring } from './infra/crypto/process-keyring.js';
import { migrateDatabase, openDatabase, type Database } from './infra/db/orm.js';
import type { Logger } from './infra/logging/logger.js';
import { JobQueue } from './infra/queue/job-queue.js';
import { scheduleRetention } from './modules/runs/retention.js';
import { ensureEngineQueues, startRunWorker } from './modules/runs/run-worker.js';
import { seedDemo } from './modules/seed/seed-demo.js';
import { createServices, type Services } from './modules/services.js';

export interface Core {
  db: Database;
  queue: JobQueue;
  services: Services;
  seeded: string[];
  close(): Promise<void>;
}

export interface CoreOptions {
  logger: Logger;
  /** Overrides where embedded PGlite lives; 'memory' for tests. */
  pgliteDir?: string | 'memory';
  /** Work on step jobs in this process. */
  worker: boolean;
  seed: boolean;
}

/**
 * What the server and a standalone worker share: the database (migrated), the
 * job queue, the services, and optionally a worker subscribed to the queue.
 */
export async function startCore(config: AppConfig, options: CoreOptions): Promise<Core> {
  const { logger } = options;
  // Before the database: encrypted columns are read as soon as anything loads a run.
  const { keyring } = loadKeyring(config, logger);
  installKeyring(keyring);
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: options.pgliteDir ?? path.join(config.dataDir, 'pglite'),
    logger,
  });
  let queue: JobQueue | undefined;
  let services: Services | undefined;
  try {
    const applied = await migrateDatabase(db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');
    queue = new JobQueue(db, logger, { databaseUrl: config.databaseUrl, maintenanceIntervalSeconds: config.worker.maintenanceIntervalSeconds });
    await queue.start();
    await ensureEngineQueues(queue);
    services = await createServices({ config, db, queue, logger });
    services.auditDrain.start();
    const seeded = options.seed ? await seedDemo(db, services, logger) : [];
    if (options.worker) {
      await startRunWorker(services.engine, queue, { concurrency: config.worker.concurrency, logger });
      await scheduleRetention(queue, db, logger);
    }
    const started = queue;
    const { auditDrain } = services;
    return {
      db, queue: started, services, seeded,
      async close() {
        await started.stop();
        await auditDrain.stop();
        await db.close();
      },
    };
  } catch (error) {
    await queue?.stop().catch(() => undefined);
    await services?.auditDrain.stop();
    await db.close();
    throw error;
  }
}
