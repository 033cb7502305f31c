import type { Logger } from 'pino';
import type { JobQueue } from '../../infra/queue/job-queue.js';
import { REVIEW_DUE_QUEUE, STEP_QUEUE, type RunEngine, type StepJob } from './run-engine.js';
import type { StoredRun } from './run-store.js';

/** Creates the engine's queues; every process that starts runs or works on them calls this first. */
export async function ensureEngineQueues(queue: JobQueue): Promise<void> {
  // Step retries are the engine's business; pg-boss retries only cover a crashed or failing handler.
  await queue.ensureQueue(STEP_QUEUE, { retryLimit: 10 });
  await queue.ensureQueue(REVIEW_DUE_QUEUE, { retryLimit: 10 });
}

/** Subscribes this process to step and review-due jobs. Nothing here holds a worker while a run waits for a person. */
export async function startRunWorker(
  engine: RunEngine, queue: JobQueue, options: { concurrency: number; logger: Logger },
): Promise<void> {
  await queue.work<StepJob>(STEP_QUEUE, { concurrency: options.concurrency, pollingIntervalSeconds: 2 }, async (job) => {
    try {
      // A job this process sent itself comes with the run as it committed it (eager dispatch).
      await engine.handleStepJob(job.data, job.local as StoredRun | undefined);
    } catch (error) {
      options.logger.error({ err: error, job: job.data }, 'step job failed; pg-boss will hand it out again');
      throw error;
    }
  });
  await queue.work<{ taskId: string }>(REVIEW_DUE_QUEUE, { concurrency: 1, pollingIntervalSeconds: 10 }, async (job) => {
    await engine.escalateReview(job.data.taskId);
  });
  options.logger.info({ concurrency: options.concurrency }, 'run worker started');
}
