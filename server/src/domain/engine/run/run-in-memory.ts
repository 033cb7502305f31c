import type { TemplateSpec } from '../../template/template.model.js';
import type { EnginePorts } from '../ports.js';
import type { ReviewRequest, RunMode, RunReferences } from '../steps/step-kind.js';
import { advanceRun } from './advance-run.js';
import { createRunState } from './create-run.js';
import { executeStep, toRunEvent } from './execute-step.js';
import type { RunCommand, RunEvent, RunState } from './run.model.js';

export type ReviewAnswer = Omit<Extract<RunEvent, { type: 'reviewDecided' }>, 'type' | 'stepId'>;

export interface InMemoryRunOptions {
  template: TemplateSpec;
  input: unknown;
  ports: EnginePorts;
  references: RunReferences;
  mode?: RunMode;
  runId?: string;
  allowedBaseUrls?: readonly string[];
  random?: () => number;
  /** Answers review tasks as they open; leave a task open by returning undefined. */
  decideReview?: (stepId: string, request: ReviewRequest, state: RunState) => ReviewAnswer | undefined;
  /** Guard against a template that would loop through retries forever in a test. */
  maxJobs?: number;
}

export interface InMemoryRunResult {
  state: RunState;
  /** Every command the reducer emitted, in order. */
  commands: RunCommand[];
  /** Queue jobs used: one per enqueue command. */
  jobs: number;
}

/**
 * Drives a run to rest in one process: enqueued steps run right away (delays
 * are recorded, not waited), inline steps run in the job that produced
 * them, reviews are answered by `decideReview`. It is the reference for how
 * a worker applies commands, and runs templates in tests and benchmarks.
 */
export async function runInMemory(options: InMemoryRunOptions): Promise<InMemoryRunResult> {
  const env = { template: options.template, random: options.random ?? (() => 0.5) };
  const runId = options.runId ?? 'run-in-memory';
  const mode = options.mode ?? 'test';
  const log: RunCommand[] = [];
  const queue: Array<{ stepId: string; attempt: number }> = [];
  const reviews: Array<{ stepId: string; request: ReviewRequest }> = [];
  let state = createRunState(options.template, options.input, mode);
  let jobs = 0;

  const apply = (event: RunEvent): RunCommand[] => {
    const transition = advanceRun(state, event, env);
    state = transition.state;
    log.push(...transition.commands);
    return transition.commands;
  };
  const route = (commands: RunCommand[], inline: Array<{ stepId: string; attempt: number }>): void => {
    for (const command of commands) {
      if (command.type === 'executeInline') inline.push(command);
      if (command.type === 'enqueue') queue.push(command);
      if (command.type === 'openReview') reviews.push(command);
    }
  };

  /** Runs steps in the current job (or the start) until only queued work is left. */
  const drain = async (inJob: Array<{ stepId: string; attempt: number }>): Promise<void> => {
    while (inJob.length > 0) {
      const next = inJob.shift() as { stepId: string; attempt: number };
      const outcome = await executeStep(options.template, next.stepId, state.context, {
        runId,
        attempt: next.attempt,
        mode,
        ports: options.ports,
        references: options.references,
        allowedBaseUrls: options.allowedBaseUrls ?? [],
      });
      route(apply(toRunEvent(next.stepId, next.attempt, outcome)), inJob);
    }
  };

  const atStart: Array<{ stepId: string; attempt: number }> = [];
  route(apply({ type: 'started' }), atStart);
  await drain(atStart);
  while (queue.length > 0 || reviews.length > 0) {
    const job = queue.shift();
    if (job) {
      jobs += 1;
      if (jobs > (options.maxJobs ?? 1_000)) throw new Error('runInMemory: too many jobs');
      await drain([job]);
      continue;
    }
    const review = reviews.shift() as { stepId: string; request: ReviewRequest };
    const answer = options.decideReview?.(review.stepId, review.request, state);
    if (answer && state.steps[review.stepId]?.status === 'waiting') {
      route(apply({ type: 'reviewDecided', stepId: review.stepId, ...answer }), []);
    }
  }
  return { state, commands: log, jobs };
}
