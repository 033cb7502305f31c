import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/orm.js';
import { executorFor, knexOf, rawQuery, type SqlExecutor, type Statement } from '../db/raw-sql.js';

const NOTIFY_CHANNEL = 'docket_jobs';
const BOSS_SCHEMA = 'pgboss';
/** A job sent with sendStatements(…, startedHere): marked taken the way pg-boss's fetch marks it. */
const START_HERE_SQL = `update ${BOSS_SCHEMA}.job set state = 'active', started_on = now() where name = ? and id = ? and state = 'created'`;
/** How long a worker with jobs running waits before refilling its free slots. */
const REFILL_PAUSE_MS = 3;
/** Finished jobs are marked completed together, at most this long after the first of them finished. */
const COMPLETION_BATCH_MS = 20;
/** Announcements to other processes are sent together, at most this long after the first. */
const ANNOUNCE_BATCH_MS = 5;

export interface EnqueueOptions {
  /**
   * Send inside this entity manager's open transaction: the job exists only if it
   * commits. Call announce() after the commit so workers take it at once.
   */
  tx?: EntityManager;
  startAfterSeconds?: number;
  singletonKey?: string;
  retryLimit?: number;
  expireInSeconds?: number;
}

export interface WorkOptions {
  /** Jobs of this queue in flight at once in this process. */
  concurrency: number;
  pollingIntervalSeconds?: number;
}

/** `local` is what the process that sent the job handed to it with it (see claimSlot); absent for fetched jobs. */
export type JobHandler<T> = (job: { id: string; data: T; retryCount: number; local?: unknown }) => Promise<void>;

/**
 * A place reserved in this process's worker for a job it is about to send:
 * start() runs the job here once the send has committed, release() gives the
 * place back if it did not.
 */
export interface JobSlot {
  start(jobId: string, data: object, local?: unknown): void;
  release(): void;
}

/**
 * pg-boss on the same database as the ORM. On PGlite there is one connection,
 * so every pg-boss statement borrows the ORM's knex connection: the ORM and
 * the queue never interleave inside one transaction. On PostgreSQL pg-boss
 * keeps its own pool, except for sends inside an ORM transaction.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly loops: Array<{ name: string; wake: () => void; claim: () => JobSlot | null; stop: () => Promise<void> }> = [];
  private readonly created = new Set<string>();
  private listener: pg.Client | undefined;
  private readonly announced = new Set<string>();
  private announcing: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: { databaseUrl?: string; maintenanceIntervalSeconds?: number } = {},
  ) {
    // Maintenance is what notices a job whose worker died (it expires and is handed out again).
    const common = { schema: BOSS_SCHEMA, supervise: true, schedule: true, migrate: true, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 30 };
    this.boss = db.kind === 'pglite' || !options.databaseUrl
      ? new PgBoss({ ...common, db: executorFor(knexOf(db.em()), db.kind === 'pglite') })
      : new PgBoss({ ...common, connectionString: options.databaseUrl, max: 10 });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
  }

  async start(): Promise<void> {
    await this.boss.start();
    // Workers in other processes learn of new jobs through NOTIFY (see announce) instead of
    // waiting for their next poll (PostgreSQL only; embedded PGlite is one process).
    if (this.db.kind === 'postgres' && this.options.databaseUrl) {
      const listener = new pg.Client({ connectionString: this.options.databaseUrl });
      listener.on('error', (error) => this.logger.warn({ err: error }, 'job notification listener failed; workers fall back to polling'));
      listener.on('notification', (message) => {
        if (message.channel === NOTIFY_CHANNEL && message.payload) this.wake(message.payload);
      });
      await listener.connect();
      await listener.query(`listen ${NOTIFY_CHANNEL}`);
      this.listener = listener;
    }
  }

  async ensureQueue(name: string, options: { retryLimit?: number; expireInSeconds?: number } = {}): Promise<void> {
    if (this.created.has(name)) return;
    if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name, { name, ...options });
    this.created.add(name);
  }

  async send(name: string, data: object, options: EnqueueOptions = {}): Promise<string | null> {
    const { tx, ...rest } = options;
    const sendOptions = toSendOptions(rest);
    if (tx) {
      if (!tx.getTransactionContext()) throw new Error('JobQueue.send with tx needs an open transaction');
      sendOptions.db = executorFor(knexOf(tx), this.db.kind === 'pglite');
    }
    return this.boss.send(name, data, sendOptions);
  }

  /**
   * The statements that send a job, for a caller that writes them with its own
   * (runInOneTrip): pg-boss builds its insert as usual, into a recorder
   * instead of a connection. The job exists only if they commit; announce()
   * it after the commit. `startedHere` sends it already taken by this process
   * (active, as a fetch leaves it), for a slot from claimSlot to run: if the
   * process dies, the job expires and another worker gets it, as after a fetch.
   */
  async sendStatements(
    name: string, data: object, options: Omit<EnqueueOptions, 'tx'> = {}, startedHere = false,
  ): Promise<{ id: string; statements: Statement[] }> {
    const statements: Statement[] = [];
    const id = randomUUID();
    const recorder: SqlExecutor = {
      async executeSql(text, values = []) {
        statements.push({ sql: text, params: values, numbered: true });
        return { rows: [{ id }] };
      },
    };
    await this.boss.send(name, data, { ...toSendOptions(options), id, db: recorder });
    if (statements.length !== 1) throw new Error(`pg-boss sent ${statements.length} statements for one job; expected its insert alone`);
    if (startedHere) statements.push({ sql: START_HERE_SQL, params: [name, id] });
    return { id, statements };
  }

  /**
   * A place in this process's worker of `name` for a job it is about to send,
   * or null when it has no worker of that queue or none free. Running a job
   * where it was created saves the fetch and lets the sender hand over what
   * it already has in memory (like Temporal's eager activity dispatch).
   */
  claimSlot(name: string): JobSlot | null {
    for (const loop of this.loops) {
      if (loop.name !== name) continue;
      const slot = loop.claim();
      if (slot) return slot;
    }
    return null;
  }

  /**
   * Keeps up to `concurrency` jobs of a queue in flight in this process. Unlike
   * pg-boss's own workers, which wait for a whole fetched batch before fetching
   * again, this refills as each job finishes, so jobs that wait on I/O (a model,
   * an ERP) overlap fully. Completions are written in small batches.
   */
  async work<T>(name: string, options: WorkOptions, handler: JobHandler<T>): Promise<void> {
    const maxInFlight = options.concurrency;
    const intervalMs = (options.pollingIntervalSeconds ?? 2) * 1000;
    const completions = new CompletionBatcher(this.boss, name, this.logger);
    const state = { inFlight: 0, stopping: false, woken: false, wakeUp: null as (() => void) | null };
    const sleep = (ms: number) => new Promise<void>((resolve) => {
      if (state.woken) {
        state.woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        state.wakeUp = null;
        resolve();
      }
      state.wakeUp = done;
    });
    const wake = () => {
      state.woken = true;
      state.wakeUp?.();
    };
    const loop = async () => {
      while (!state.stopping) {
        const room = maxInFlight - state.inFlight;
        if (room <= 0) {
          await sleep(intervalMs);
          continue;
        }
        // While jobs are running, slots free up one by one: a short pause lets one fetch refill several.
        if (state.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, REFILL_PAUSE_MS));
        state.woken = false;
        let jobs: Array<PgBoss.Job<T>> = [];
        try {
          jobs = await this.boss.fetch<T>(name, { batchSize: Math.min(maxInFlight - state.inFlight, 100) });
        } catch (error) {
          this.logger.error({ err: error, queue: name }, 'fetching jobs failed');
        }
        if (jobs.length === 0) {
          await sleep(intervalMs);
          continue;
        }
        for (const job of jobs) {
          state.inFlight += 1;
          runJob({ id: job.id, data: job.data, retryCount: (job as { retryCount?: number }).retryCount ?? 0 });
        }
      }
    };
    /** Runs a job holding one of the in-flight places (taken by the caller), then gives it back. */
    const runJob = (job: Parameters<JobHandler<T>>[0]) => {
      void handler(job)
        .then(() => completions.complete(job.id), (error: unknown) => completions.fail(job.id, error))
        .finally(() => {
          state.inFlight -= 1;
          wake();
        });
    };
    const claim = (): JobSlot | null => {
      if (state.stopping || state.inFlight >= maxInFlight) return null;
      state.inFlight += 1;
      let used = false;
      return {
        start: (id, data, local) => {
          if (used) throw new Error('a job slot runs one job');
          used = true;
          runJob({ id, data: data as T, retryCount: 0, local });
        },
        release: () => {
          if (used) return;
          used = true;
          state.inFlight -= 1;
          wake();
        },
      };
    };
    const running = loop();
    this.loops.push({
      name,
      wake,
      claim,
      stop: async () => {
        state.stopping = true;
        wake();
        await running;
        // Graceful: jobs in hand finish and are marked done before the connection goes.
        while (state.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
        await completions.flush();
      },
    });
  }

  /** A cron schedule for a queue; pg-boss makes sure only one job per slot is created across processes. */
  async schedule(name: string, cron: string): Promise<void> {
    await this.boss.schedule(name, cron);
  }

  /** Wakes this process's idle workers of a queue now instead of at their next poll. */
  wake(name: string): void {
    for (const loop of this.loops) if (loop.name === name) loop.wake();
  }

  /**
   * After a commit that sent jobs: wakes this process's workers now, and
   * other processes' through NOTIFY a few milliseconds later, one for all
   * commits in between. NOTIFY inside each sending transaction took a lock
   * that PostgreSQL holds for every notifying commit in turn, through its WAL
   * flush: under load, sessions queued on it.
   */
  announce(name: string): void {
    this.wake(name);
    if (this.db.kind !== 'postgres') return; // embedded PGlite is one process
    this.announced.add(name);
    this.announcing ??= setTimeout(() => void this.sendAnnouncements(), ANNOUNCE_BATCH_MS);
  }

  private async sendAnnouncements(): Promise<void> {
    this.announcing = null;
    const names = [...this.announced];
    this.announced.clear();
    try {
      for (const name of names) await rawQuery(this.db.em(), 'select pg_notify(?, ?)', [NOTIFY_CHANNEL, name]);
    } catch (error) {
      // Other processes still find the jobs at their next poll.
      this.logger.warn({ err: error }, 'could not notify other workers of new jobs');
    }
  }

  async stop(): Promise<void> {
    if (this.announcing) clearTimeout(this.announcing);
    this.announcing = null;
    await this.listener?.end().catch(() => undefined);
    await Promise.all(this.loops.map((loop) => loop.stop()));
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

function toSendOptions(options: Omit<EnqueueOptions, 'tx'>): PgBoss.SendOptions {
  const { startAfterSeconds, ...rest } = options;
  return { ...rest, ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}) };
}

/** Marks finished jobs completed in batches: one UPDATE for many jobs instead of one each. */
class CompletionBatcher {
  private pending: string[] = [];
  private scheduled: Promise<void> | null = null;

  constructor(private readonly boss: PgBoss, private readonly name: string, private readonly logger: Logger) {}

  complete(id: string): void {
    this.pending.push(id);
    if (this.pending.length >= 100) void this.flush();
    else this.scheduled ??= new Promise<void>((resolve) => setTimeout(resolve, COMPLETION_BATCH_MS)).then(() => this.flush());
  }

  async fail(id: string, error: unknown): Promise<void> {
    try {
      await this.boss.fail(this.name, id, { message: error instanceof Error ? error.message : String(error) });
    } catch (failError) {
      this.logger.error({ err: failError, job: id }, 'could not mark a job failed; it will expire and be retried');
    }
  }

  async flush(): Promise<void> {
    this.scheduled = null;
    const ids = this.pending;
    this.pending = [];
    if (ids.length === 0) return;
    try {
      await this.boss.complete(this.name, ids);
    } catch (error) {
      // Not fatal: the jobs expire and are handed out again, and the engine ignores stale attempts.
      this.logger.error({ err: error, jobs: ids.length }, 'could not mark jobs completed');
    }
  }
}
