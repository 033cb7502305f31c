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
