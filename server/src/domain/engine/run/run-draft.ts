import type { StepMeta } from '../steps/step-kind.js';
import type { RunCommand, RunEnvironment, RunState, StepState, Transition } from './run.model.js';
import { prepareTemplate, type PreparedTemplate } from './prepare-template.js';

/**
 * A working copy of a run for one event. Copies are shallow and made on
 * write, so the previous state object is never changed and a caller can keep
 * it (e.g. to diff or to roll back on a failed save).
 */
export interface RunDraft {
  state: RunState;
  commands: RunCommand[];
  template: PreparedTemplate;
  env: RunEnvironment;
}

export function openDraft(state: RunState, env: RunEnvironment): RunDraft {
  return {
    state: { ...state, steps: { ...state.steps }, edges: { ...state.edges } },
    commands: [],
    template: prepareTemplate(env.template),
    env,
  };
}

export function readStep(draft: RunDraft, stepId: string): StepState {
  const step = draft.state.steps[stepId];
  if (!step) throw new Error(`run state has no step ${stepId}`);
  return step;
}

export function updateStep(draft: RunDraft, stepId: string, patch: Partial<StepState>): StepState {
  const next = { ...readStep(draft, stepId), ...patch };
  draft.state.steps[stepId] = next;
  return next;
}

/**
 * A step's own output as it produced it. A step that succeeded keeps it only
 * in the context (where mappings read it), not a second copy in its step
 * state; the step state holds its own copy only where the two differ: after
 * a reviewer's edit of the context, and for steps that wait for a review.
 */
export function stepOutput(state: Pick<RunState, 'steps' | 'context'>, stepId: string): unknown {
  const own = state.steps[stepId]?.output;
  return own !== undefined ? own : state.context.steps[stepId];
}

/** Before an edit changes a step's output in the context: the step state keeps the output as produced. */
export function keepOwnOutput(draft: RunDraft, stepId: string): void {
  const step = draft.state.steps[stepId];
  if (step && step.output === undefined && stepId in draft.state.context.steps) updateStep(draft, stepId, { output: draft.state.context.steps[stepId] });
}

/**
 * What the run state keeps of a step's meta: the input the step saw (a
 * decision summary may quote it). Explanation and usage are in the step's
 * record (step_runs); keeping them in the state too made every save of the
 * run larger.
 */
export function stateMeta(meta: StepMeta | undefined): Pick<StepState, 'meta'> {
  return meta?.input !== undefined ? { meta: { input: meta.input } } : {};
}

/** Puts a step's output where mappings read it. */
export function writeContextOutput(draft: RunDraft, stepId: string, output: unknown): void {
  const context = draft.state.context;
  draft.state.context = { ...context, steps: { ...context.steps, [stepId]: output } };
}

export function closeDraft(draft: RunDraft): Transition {
  return { state: draft.state, commands: draft.commands };
}

export function ignoreEvent(state: RunState, reason: string): Transition {
  return { state, commands: [], ignored: reason };
}

export function isTerminal(state: RunState): boolean {
  return state.status === 'succeeded' || state.status === 'failed' || state.status === 'cancelled';
}
