import type { EntityManager } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/orm.js';

export interface EnqueueOptions {
  /** Send inside this entity manager's open transaction: the job exists only if it commits. */
  tx?: EntityManager;
  startAfterSeconds?: number;
  singletonKey?: string;
  retryLimit?: number;
  expireInSeconds?: number;
}

export interface WorkOptions {
  /** Parallel fetch loops in this process. */
  concurrency: number;
  /** Jobs one loop fetches at once and handles concurrently. */
  batchSize?: number;
  pollingIntervalSeconds?: number;
}

export type JobHandler<T> = (job: { id: string; data: T; retryCount: number }) => Promise<void>;

type SqlRows = { rows: unknown[] };
type RawConnection = {
  query(text: string, values?: unknown[]): Promise<SqlRows>;
  exec?(text: string): Promise<SqlRows[]>;
};
type KnexLike = { client: { acquireConnection(): Promise<RawConnection>; releaseConnection(c: RawConnection): Promise<unknown> } };

/**
 * pg-boss on the same database as the ORM. On PGlite there is one connection,
 * so every pg-boss statement borrows the ORM's knex connection: the ORM and
 * the queue never interleave inside one transaction. On PostgreSQL pg-boss
 * keeps its own pool, except for sends inside an ORM transaction.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly workers = new Map<string, string[]>();
  private readonly created = new Set<string>();

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    options: { databaseUrl?: string; maintenanceIntervalSeconds?: number } = {},
  ) {
    // Maintenance is what notices a job whose worker died (it expires and is handed out again).
    const common = { schema: 'pgboss', supervise: true, schedule: true, migrate: true, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30 };
    this.boss = db.kind === 'pglite' || !options.databaseUrl
      ? new PgBoss({ ...common, db: executorFor(db.orm.em.getConnection().getKnex() as unknown as KnexLike, db.kind === 'pglite') })
      : new PgBoss({ ...common, connectionString: options.databaseUrl, max: 10 });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
  }

  async start(): Promise<void> {
    await this.boss.start();
  }

  async ensureQueue(name: string, options: { retryLimit?: number; expireInSeconds?: number } = {}): Promise<void> {
    if (this.created.has(name)) return;
    if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name, { name, ...options });
    this.created.add(name);
  }

  async send(name: string, data: object, options: EnqueueOptions = {}): Promise<string | null> {
    const { tx, startAfterSeconds, ...rest } = options;
    const sendOptions: PgBoss.SendOptions = { ...rest, ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}) };
    if (tx) {
      const trx = tx.getTransactionContext();
      if (!trx) throw new Error('JobQueue.send with tx needs an open transaction');
      sendOptions.db = executorFor(trx as unknown as KnexLike, this.db.kind === 'pglite');
    }
    return this.boss.send(name, data, sendOptions);
  }

  async work<T>(name: string, options: WorkOptions, handler: JobHandler<T>): Promise<void> {
    const ids: string[] = [];
    for (let i = 0; i < options.concurrency; i += 1) {
      ids.push(await this.boss.work<T>(
        name,
        { batchSize: options.batchSize ?? 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 },
        // A batch is handled concurrently: jobs that wait on I/O (a model, an ERP) overlap
        // instead of queueing behind each other. A failed job fails alone.
        async (jobs) => {
          const results = await Promise.allSettled(
            jobs.map((job) => handler({ id: job.id, data: job.data, retryCount: (job as { retryCount?: number }).retryCount ?? 0 })),
          );
          const failures = jobs.filter((_, index) => results[index]?.status === 'rejected');
          const succeeded = jobs.filter((_, index) => results[index]?.status === 'fulfilled');
          if (failures.length > 0) {
            if (succeeded.length > 0) await this.boss.complete(name, succeeded.map((job) => job.id));
            await this.boss.fail(name, failures.map((job) => job.id));
          }
        },
      ));
    }
    this.workers.set(name, [...(this.workers.get(name) ?? []), ...ids]);
  }

  /** Wakes this process's idle workers of a queue now instead of at their next poll. */
  wake(name: string): void {
    for (const id of this.workers.get(name) ?? []) this.boss.notifyWorker(id);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

function executorFor(knex: KnexLike, pglite: boolean): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const connection = await knex.client.acquireConnection();
      try {
        // pg-boss sends multi-statement SQL without parameters; PGlite runs that only through exec().
        if (pglite && values.length === 0 && connection.exec) {
          const results = await connection.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        const result = await connection.query(text, values);
        return { rows: result.rows };
      } finally {
        await knex.client.releaseConnection(connection);
      }
    },
  };
}
