import { canonicalJson } from '../../shared/canonical-json.js';
import { isOtherwiseCondition, isWhenCondition, type Edge } from '../../template/template.model.js';
import { evaluateCondition } from '../logic/evaluate-mapping.js';
import { isRecord } from '../steps/step-helpers.js';
import type { StepError } from '../steps/step-kind.js';
import { resolveStepTimeout } from './prepare-template.js';
import { readStep, stepOutput, updateStep, writeContextOutput, type RunDraft } from './run-draft.js';
import { summarizeDecision } from './summarize-decision.js';

/** `inline` when the event came from a worker job, which can go on running inline steps; `queue` otherwise. */
export type DispatchMode = 'inline' | 'queue';

/**
 * Moves the run forward after any change: skips steps no taken edge leads
 * to, dispatches steps whose incoming edges are all decided with at least one
 * taken (so a join after a branch runs once, when its last live parent is
 * done), and completes the run when nothing is left to do.
 */
export function scheduleSteps(draft: RunDraft, dispatch: DispatchMode): void {
  const { template } = draft;
  let changed = true;
  while (changed && isActive(draft)) {
    changed = false;
    for (const stepId of template.order) {
      if (!isActive(draft) || readStep(draft, stepId).status !== 'pending') continue;
      const incoming = template.graph.incoming.get(stepId) ?? [];
      const decisions = incoming.map((edge) => draft.state.edges[edge.id]);
      if (decisions.includes(undefined)) continue;
      if (incoming.length > 0 && !decisions.includes('taken')) {
        updateStep(draft, stepId, { status: 'skipped', skip: { kind: 'not_taken', reason: 'not on the path this run took' } });
        for (const edge of template.graph.outgoing.get(stepId) ?? []) draft.state.edges[edge.id] = 'not_taken';
        changed = true;
        continue;
      }
      changed = dispatchStep(draft, stepId, dispatch) || changed;
    }
  }
  settleRun(draft);
}

/** Returns true when the step finished on the spot (skipped in shadow mode). */
function dispatchStep(draft: RunDraft, stepId: string, dispatch: DispatchMode): boolean {
  const kind = draft.template.kinds.get(stepId);
  const step = draft.template.steps.get(stepId);
  if (!kind || !step) throw new Error(`template has no step ${stepId}`);
  if (draft.state.mode === 'shadow' && kind.shadow) {
    const output = kind.shadow.buildOutput?.(step.config);
    updateStep(draft, stepId, { status: 'skipped', skip: { kind: 'shadow', reason: kind.shadow.describeSkip(step.config) }, output });
    if (output !== undefined) writeContextOutput(draft, stepId, output);
    finishStep(draft, stepId);
    return true;
  }
  const attempt = readStep(draft, stepId).attempt + 1;
  updateStep(draft, stepId, { status: 'running', attempt });
  const timeoutMs = resolveStepTimeout(kind, step);
  draft.commands.push(
    dispatch === 'inline' && kind.ioMode === 'inline'
      ? { type: 'executeInline', stepId, attempt, timeoutMs }
      : { type: 'enqueue', stepId, attempt, delayMs: 0, timeoutMs },
  );
  return false;
}

/**
 * Decides a finished step's outgoing edges, once, against the context as it
 * is now; a condition that cannot be evaluated fails the run at that step.
 */
export function finishStep(draft: RunDraft, stepId: string): void {
  const outgoing = draft.template.graph.outgoing.get(stepId) ?? [];
  const routes = draft.template.kinds.get(stepId)?.routesByValue === true;
  try {
    const decisions = routes ? decideByValue(outgoing, stepOutput(draft.state, stepId)) : decideByCondition(outgoing, draft);
    for (const [edgeId, decision] of decisions) draft.state.edges[edgeId] = decision;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failRun(draft, stepId, { code: 'condition_error', message: `could not evaluate an outgoing condition: ${message}` });
  }
}

function decideByValue(outgoing: readonly Edge[], output: unknown): Array<[string, 'taken' | 'not_taken']> {
  const value = canonicalJson(isRecord(output) ? output.value : undefined);
  const matched = outgoing.some((edge) => isWhenCondition(edge.condition) && canonicalJson(edge.condition.when) === value);
  return outgoing.map((edge) => {
    if (isWhenCondition(edge.condition)) return [edge.id, canonicalJson(edge.condition.when) === value ? 'taken' : 'not_taken'];
    if (isOtherwiseCondition(edge.condition)) return [edge.id, matched ? 'not_taken' : 'taken'];
    return [edge.id, 'not_taken'];
  });
}

function decideByCondition(outgoing: readonly Edge[], draft: RunDraft): Array<[string, 'taken' | 'not_taken']> {
  return outgoing.map((edge) => [
    edge.id,
    edge.condition === undefined || evaluateCondition(edge.condition, draft.state.context) ? 'taken' : 'not_taken',
  ]);
}

export function failRun(draft: RunDraft, stepId: string, error: StepError): void {
  updateStep(draft, stepId, { status: 'failed', error });
  draft.state.status = 'failed';
  draft.state.outcome = 'failed';
  draft.state.error = { code: error.code, message: error.message, stepId };
  const decisionSummary = summarizeDecision(draft.env.template, draft.state.context, draft.state.steps);
  draft.state.decisionSummary = decisionSummary;
  draft.commands.push({ type: 'fail', error: draft.state.error, decisionSummary });
}

function isActive(draft: RunDraft): boolean {
  return draft.state.status === 'running' || draft.state.status === 'waiting_review';
}

function settleRun(draft: RunDraft): void {
  if (!isActive(draft)) return;
  const statuses = Object.values(draft.state.steps).map((step) => step.status);
  if (statuses.includes('running') || statuses.includes('pending')) {
    draft.state.status = statuses.includes('running') || !statuses.includes('waiting') ? 'running' : 'waiting_review';
    return;
  }
  if (statuses.includes('waiting')) {
    draft.state.status = 'waiting_review';
    return;
  }
  const output = buildRunOutput(draft);
  const decisionSummary = summarizeDecision(draft.env.template, draft.state.context, draft.state.steps);
  Object.assign(draft.state, { status: 'succeeded', outcome: 'completed', output, decisionSummary });
  draft.commands.push({ type: 'complete', outcome: 'completed', output, decisionSummary });
}

/** The run's result: what its last step produced, or each last step's output when paths end apart. */
function buildRunOutput(draft: RunDraft): unknown {
  const { graph } = draft.template;
  const sinks = draft.template.order.filter(
    (stepId) => (graph.outgoing.get(stepId) ?? []).length === 0 && readStep(draft, stepId).status === 'succeeded',
  );
  if (sinks.length === 0) return null;
  if (sinks.length === 1) return draft.state.context.steps[sinks[0] as string] ?? null;
  return Object.fromEntries(sinks.map((stepId) => [stepId, draft.state.context.steps[stepId] ?? null]));
}
