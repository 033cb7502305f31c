import type { TemplateSpec } from '../../template/template.model.js';
import type { EnginePorts } from '../ports.js';
import { failFromThrown } from '../steps/step-helpers.js';
import type { RunContext, RunMode, RunReferences, StepOutcome } from '../steps/step-kind.js';
import { prepareTemplate, resolveStepTimeout } from './prepare-template.js';
import type { RunEvent } from './run.model.js';

export interface ExecuteStepOptions {
  runId: string;
  attempt: number;
  mode: RunMode;
  ports: EnginePorts;
  references: RunReferences;
  allowedBaseUrls: readonly string[];
  /** Aborted when the run is cancelled or the worker shuts down. */
  signal?: AbortSignal;
  /** Defaults to the step kind's timeout (or the step's own, for http). */
  timeoutMs?: number;
  processName?: string;
}

/**
 * Runs one step of a run against the context as it is now. Never throws for
 * the step's own failures: they come back as a failed outcome, because a
 * failed step is data on the run, not a crashed job.
 */
export async function executeStep(spec: TemplateSpec, stepId: string, context: RunContext, options: ExecuteStepOptions): Promise<StepOutcome> {
  const template = prepareTemplate(spec);
  const step = template.steps.get(stepId);
  const kind = template.kinds.get(stepId);
  if (!step || !kind) {
    return { status: 'failed', retryable: false, error: { code: 'unknown_step', message: `the template has no step ${stepId}` } };
  }
  const timeoutMs = options.timeoutMs ?? resolveStepTimeout(kind, step);
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const env = {
    runId: options.runId,
    stepId,
    ...(step.name ? { stepName: step.name } : {}),
    ...(options.processName ? { processName: options.processName } : {}),
    attempt: options.attempt,
    mode: options.mode,
    ports: options.ports,
    references: options.references,
    allowedBaseUrls: options.allowedBaseUrls,
    signal,
    timeoutMs,
  };
  // A port that ignores the signal must not hold the job past its timeout.
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<StepOutcome>((resolve) => {
    onAbort = () => resolve(failFromThrown(signal.reason ?? new DOMException('aborted', 'AbortError')));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([kind.execute(step.config, context, env), aborted]);
  } catch (error) {
    return failFromThrown(error, 'step_error');
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** The event a worker reports for an outcome. */
export function toRunEvent(stepId: string, attempt: number, outcome: StepOutcome): RunEvent {
  const meta = outcome.meta ? { meta: outcome.meta } : {};
  switch (outcome.status) {
    case 'succeeded':
      return { type: 'stepSucceeded', stepId, attempt, output: outcome.output, ...meta };
    case 'failed':
      return {
        type: 'stepFailed',
        stepId,
        attempt,
        error: outcome.error,
        retryable: outcome.retryable,
        ...(outcome.output !== undefined ? { output: outcome.output } : {}),
        ...meta,
      };
    case 'review':
      return { type: 'reviewRequested', stepId, attempt, request: outcome.request, ...meta };
  }
}
