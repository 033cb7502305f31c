import type { Logger } from 'pino';
import type { Database } from '../../infra/db/orm.js';
import { drainAuditLog } from './audit.service.js';

/** How long after a run commit its pending events are appended: commits in between share one drain. */
const DRAIN_DELAY_MS = 10;
/** Events whose process stopped before draining them are picked up by any process within this. */
const SWEEP_INTERVAL_MS = 5_000;

/**
 * Appends pending audit events (deferAuditEvent) to the chain in the
 * background: soon after run commits, and every few seconds for events left
 * by a process that stopped. Drains in several processes are safe: they take
 * the chain's lock in turn and each finds what the others left.
 */
export class AuditDrain {
  private timer: NodeJS.Timeout | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private requested = false;
  private stopped = false;

  constructor(private readonly db: Database, private readonly logger: Logger) {}

  start(): void {
    this.sweeper ??= setInterval(() => this.soon(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** Asks for a drain shortly; calls until it starts share it. */
  soon(): void {
    if (this.stopped) return;
    if (this.running) {
      this.requested = true;
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.running = this.drain().finally(() => {
        this.running = null;
        if (this.requested) {
          this.requested = false;
          this.soon();
        }
      });
    }, DRAIN_DELAY_MS);
  }

  /** Stops the timers and appends what is still pending; later requests are ignored. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.timer) clearTimeout(this.timer);
    this.sweeper = null;
    this.timer = null;
    await this.running;
    await this.drain();
  }

  private async drain(): Promise<void> {
    try {
      await drainAuditLog(this.db.em());
    } catch (error) {
      // Nothing is lost: the events stay pending for the next drain or read.
      this.logger.warn({ err: error }, 'appending pending audit events failed; will retry');
    }
  }
}
