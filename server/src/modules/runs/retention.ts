import type { Logger } from 'pino';
import type { Database } from '../../infra/db/orm.js';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import { appendAuditEvent } from '../audit/audit.service.js';
import { SYSTEM } from '../auth/actor.js';
import { ReviewTask } from './review-task.entity.js';
import { Run } from './run.entity.js';
import { StepRun } from './step-run.entity.js';

export const RETENTION_QUEUE = 'docket_retention';
const PURGED = { purged: true };
const BATCH = 200;

/**
 * Removes the payloads of finished runs older than their template's
 * `settings.retentionDays`: inputs, context, outputs, step inputs and
 * outputs, review forms. What stays is the skeleton (status, decision
 * summary, pinned versions, timings, cost) and the audit chain, whose events
 * carry hashes and decisions rather than payloads, so it still verifies.
 */
export async function purgeExpiredPayloads(db: Database, now: Date = new Date()): Promise<number> {
  const connection = db.em().getConnection();
  const due = await connection.execute<Array<{ id: string }>>(
    `select r.id from runs r join template_versions v on v.id = r.template_version_id
     where r.purged_at is null and r.finished_at is not null
       and (v.spec -> 'settings' ->> 'retentionDays') is not null
       and r.finished_at < ?::timestamptz - make_interval(days => (v.spec -> 'settings' ->> 'retentionDays')::int)
     order by r.finished_at limit ${BATCH}`,
    [now.toISOString()],
  );
  if (due.length === 0) return 0;
  const ids = due.map((row) => row.id);
  await db.em().transactional(async (tx) => {
    const runs = await tx.find(Run, { id: { $in: ids } });
    for (const run of runs) {
      run.input = PURGED;
      run.output = null;
      run.error = null;
      run.state = { ...run.state, context: { input: PURGED, steps: {} }, steps: Object.fromEntries(Object.entries(run.state.steps).map(([id, step]) => [id, { status: step.status, attempt: step.attempt, retryBase: step.retryBase }])) };
      run.purgedAt = now;
    }
    for (const step of await tx.find(StepRun, { run: { $in: ids } })) Object.assign(step, { input: null, output: null, explanation: null, error: null });
    for (const task of await tx.find(ReviewTask, { run: { $in: ids } })) {
      Object.assign(task, { request: { ...task.request, fields: task.request.fields.map((f) => ({ ...f, value: null })), explanation: undefined }, edits: null });
    }
    await appendAuditEvent(tx, SYSTEM, { action: 'retention.purged', subjectType: 'Run', subjectId: null, after: { runs: ids.length, before: now.toISOString() } });
  });
  return ids.length;
}

/** Hourly purge on whichever worker picks the scheduled job up. */
export async function scheduleRetention(queue: JobQueue, db: Database, logger: Logger): Promise<void> {
  await queue.ensureQueue(RETENTION_QUEUE);
  await queue.schedule(RETENTION_QUEUE, '17 * * * *');
  await queue.work(RETENTION_QUEUE, { concurrency: 1, pollingIntervalSeconds: 60 }, async () => {
    let purged = 0;
    for (let batch = await purgeExpiredPayloads(db); batch > 0; batch = await purgeExpiredPayloads(db)) purged += batch;
    if (purged > 0) logger.info({ purged }, 'retention removed run payloads');
  });
}
