import { ConflictError } from '../../errors/index.js';
import type { StepError, StepMeta } from '../steps/step-kind.js';
import { computeRetryDelay } from './retry-policy.js';
import { applyReviewDecision, buildGateRequest, completeReviewRequest } from './review-gates.js';
import type { RunEnvironment, RunEvent, RunState, Transition } from './run.model.js';
import { closeDraft, ignoreEvent, isTerminal, openDraft, readStep, stateMeta, updateStep, writeContextOutput, type RunDraft } from './run-draft.js';
import { failRun, finishStep, scheduleSteps } from './schedule-steps.js';
import { resolveStepTimeout } from './prepare-template.js';
import { summarizeDecision } from './summarize-decision.js';

type EventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

/**
 * The run state machine: a pure function from (state, event) to the next
 * state and the side effects to carry out. Worker reports that no longer
 * match the state (a redelivered job, an attempt already superseded) come
 * back as `ignored`; requests that make no sense in the current state
 * (cancel a finished run) throw ConflictError.
 */
export function advanceRun(state: RunState, event: RunEvent, env: RunEnvironment): Transition {
  switch (event.type) {
    case 'started':
      return startRun(state, env);
    case 'stepSucceeded':
      return recordSuccess(state, event, env);
    case 'stepFailed':
      return recordFailure(state, event, env);
    case 'reviewRequested':
      return recordReviewRequest(state, event, env);
    case 'reviewDecided':
      return decideReview(state, event, env);
    case 'cancelRequested':
      return cancelRun(state, event, env);
    case 'retryRequested':
      return retryRun(state, env);
  }
}

function startRun(state: RunState, env: RunEnvironment): Transition {
  if (state.status !== 'queued') return ignoreEvent(state, `run is already ${state.status}`);
  const draft = openDraft(state, env);
  draft.state.status = 'running';
  // First steps without I/O run in the transaction that starts the run; only a step
  // that calls out or waits needs a job. That saves a job and a commit per run.
  scheduleSteps(draft, 'inline');
  return closeDraft(draft);
}

/** A worker report is current when it answers the attempt the state last dispatched. */
function findStaleness(state: RunState, stepId: string, attempt: number): string | undefined {
  const step = state.steps[stepId];
  if (!step) return `no step ${stepId}`;
  if (step.status !== 'running' || step.attempt !== attempt) return `step ${stepId} attempt ${attempt} is not the running attempt`;
  return undefined;
}

function recordSuccess(state: RunState, event: EventOf<'stepSucceeded'>, env: RunEnvironment): Transition {
  const stale = findStaleness(state, event.stepId, event.attempt);
  if (stale) return ignoreEvent(state, stale);
  const draft = openDraft(state, env);
  // The output goes to the context only (see stepOutput); the step state keeps no second copy.
  const done = { status: 'succeeded' as const, output: undefined, error: undefined, ...stateMeta(event.meta) };
  writeContextOutput(draft, event.stepId, event.output);
  if (isTerminal(state)) {
    // Finished after the run ended (cancelled, or failed on another branch): keep the result, start nothing.
    updateStep(draft, event.stepId, done);
    return closeDraft(draft);
  }
  const step = draft.template.steps.get(event.stepId);
  const reason = step ? draft.template.kinds.get(event.stepId)?.findReviewReason?.(step.config, event.output) : undefined;
  if (reason && routeToReview(draft, event.stepId, event.output, reason, event.meta)) return closeDraft(draft);
  updateStep(draft, event.stepId, done);
  finishStep(draft, event.stepId);
  scheduleSteps(draft, 'inline');
  return closeDraft(draft);
}

/**
 * Sends a step's result to a person. In shadow mode nobody is asked: the note
 * says what would have happened and the run goes on as if approved.
 * Returns true when the run now waits.
 */
function routeToReview(draft: RunDraft, stepId: string, output: unknown, reason: string, meta: StepMeta | undefined): boolean {
  if (draft.state.mode === 'shadow') {
    const notes = [...(readStep(draft, stepId).notes ?? []), `would open review: ${reason}`];
    updateStep(draft, stepId, { notes });
    return false;
  }
  const request = buildGateRequest(draft, stepId, output, reason);
  updateStep(draft, stepId, { status: 'waiting', output, review: { request }, ...stateMeta(meta) });
  draft.commands.push({ type: 'openReview', stepId, request });
  scheduleSteps(draft, 'inline');
  return true;
}

function recordFailure(state: RunState, event: EventOf<'stepFailed'>, env: RunEnvironment): Transition {
  const stale = findStaleness(state, event.stepId, event.attempt);
  if (stale) return ignoreEvent(state, stale);
  const draft = openDraft(state, env);
  const meta = stateMeta(event.meta);
  if (isTerminal(state)) {
    updateStep(draft, event.stepId, { status: 'failed', error: event.error, ...meta });
    return closeDraft(draft);
  }
  if (isReviewable(event.error)) {
    const output = event.output ?? null;
    writeContextOutput(draft, event.stepId, output);
    if (routeToReview(draft, event.stepId, output, event.error.message, event.meta)) return closeDraft(draft);
    updateStep(draft, event.stepId, { status: 'succeeded', output, error: event.error, ...meta });
    finishStep(draft, event.stepId);
    scheduleSteps(draft, 'inline');
    return closeDraft(draft);
  }
  const kind = draft.template.kinds.get(event.stepId);
  const step = draft.template.steps.get(event.stepId);
  const current = readStep(draft, event.stepId);
  const attemptsInRound = event.attempt - current.retryBase;
  if (kind && step && event.retryable && attemptsInRound < kind.retry.maxAttempts) {
    const attempt = event.attempt + 1;
    const delayMs = computeRetryDelay(kind.retry, attemptsInRound, env.random, event.error.retryAfterMs);
    updateStep(draft, event.stepId, { attempt, error: event.error, ...meta });
    draft.commands.push({ type: 'enqueue', stepId: event.stepId, attempt, delayMs, timeoutMs: resolveStepTimeout(kind, step) });
    return closeDraft(draft);
  }
  if (event.meta) updateStep(draft, event.stepId, meta);
  failRun(draft, event.stepId, event.error);
  return closeDraft(draft);
}

/** An answer that did not validate, or a failure the template routes to review, is a person's call. */
function isReviewable(error: StepError): boolean {
  return error.routeToReview === true || error.code === 'invalid_output';
}

function recordReviewRequest(state: RunState, event: EventOf<'reviewRequested'>, env: RunEnvironment): Transition {
  const stale = findStaleness(state, event.stepId, event.attempt);
  if (stale) return ignoreEvent(state, stale);
  if (isTerminal(state)) return ignoreEvent(state, `run is ${state.status}`);
  const draft = openDraft(state, env);
  const request = completeReviewRequest(draft, event.request);
  updateStep(draft, event.stepId, { status: 'waiting', review: { request }, ...stateMeta(event.meta) });
  draft.commands.push({ type: 'openReview', stepId: event.stepId, request });
  scheduleSteps(draft, 'inline');
  return closeDraft(draft);
}

function decideReview(state: RunState, event: EventOf<'reviewDecided'>, env: RunEnvironment): Transition {
  if (isTerminal(state)) throw new ConflictError(`run is already ${state.status}`, { status: state.status });
  const draft = openDraft(state, env);
  if (applyReviewDecision(draft, event) === 'rejected') {
    endOpenWork(draft, 'run ended: rejected by reviewer');
    const decisionSummary = summarizeDecision(env.template, draft.state.context, draft.state.steps);
    Object.assign(draft.state, { status: 'succeeded', outcome: 'rejected', output: null, decisionSummary });
    draft.commands.push({ type: 'complete', outcome: 'rejected', output: null, decisionSummary });
    return closeDraft(draft);
  }
  finishStep(draft, event.stepId);
  // The decision arrives through the API, not a worker job: whatever follows is queued.
  scheduleSteps(draft, 'queue');
  return closeDraft(draft);
}

function cancelRun(state: RunState, event: EventOf<'cancelRequested'>, env: RunEnvironment): Transition {
  if (isTerminal(state)) throw new ConflictError(`run is already ${state.status}`, { status: state.status });
  const draft = openDraft(state, env);
  endOpenWork(draft, `run cancelled${event.reason ? `: ${event.reason}` : ''}`);
  const decisionSummary = `Cancelled${event.reason ? `: ${event.reason}` : ''}`;
  Object.assign(draft.state, { status: 'cancelled', outcome: 'cancelled', decisionSummary });
  return closeDraft(draft);
}

/** Steps not yet started will not start; open review tasks are closed. Running jobs finish and are recorded. */
function endOpenWork(draft: RunDraft, reason: string): void {
  for (const [stepId, step] of Object.entries(draft.state.steps)) {
    if (step.status === 'pending') updateStep(draft, stepId, { status: 'skipped', skip: { kind: 'run_ended', reason } });
    if (step.status === 'waiting') {
      updateStep(draft, stepId, { status: 'skipped', skip: { kind: 'run_ended', reason } });
      draft.commands.push({ type: 'closeReview', stepId, reason });
    }
  }
}

function retryRun(state: RunState, env: RunEnvironment): Transition {
  if (state.status !== 'failed') throw new ConflictError(`only a failed run can be retried; this one is ${state.status}`, { status: state.status });
  const draft = openDraft(state, env);
  Object.assign(draft.state, { status: 'running', outcome: undefined, error: undefined, decisionSummary: undefined });
  for (const [stepId, step] of Object.entries(draft.state.steps)) {
    if (step.status !== 'failed') continue;
    const kind = draft.template.kinds.get(stepId);
    const node = draft.template.steps.get(stepId);
    if (!kind || !node) continue;
    const attempt = step.attempt + 1;
    updateStep(draft, stepId, { status: 'running', attempt, retryBase: step.attempt, error: undefined });
    draft.commands.push({ type: 'enqueue', stepId, attempt, delayMs: 0, timeoutMs: resolveStepTimeout(kind, node) });
  }
  // Steps on other branches may have finished while the run was failed; their edges were left undecided.
  for (const stepId of draft.template.order) {
    const outgoing = draft.template.graph.outgoing.get(stepId) ?? [];
    if (readStep(draft, stepId).status === 'succeeded' && outgoing.some((edge) => draft.state.edges[edge.id] === undefined)) {
      finishStep(draft, stepId);
    }
  }
  scheduleSteps(draft, 'queue');
  return closeDraft(draft);
}

