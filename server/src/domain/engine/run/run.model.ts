import type { TemplateSpec } from '../../template/template.model.js';
import type { ReviewRequest, RunContext, RunMode, StepError, StepMeta } from '../steps/step-kind.js';

export type RunStatus = 'queued' | 'running' | 'waiting_review' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'waiting';
/** A run that succeeded either completed its path or was stopped by a reviewer's rejection. */
export type RunOutcome = 'completed' | 'rejected' | 'failed' | 'cancelled';
export type ReviewDecision = 'approve' | 'reject' | 'edit';

/** One reviewer edit: which field of the context changed, from what to what. */
export interface Correction {
  path: string;
  label?: string;
  before: unknown;
  after: unknown;
  reviewer: string;
}

export interface ReviewState {
  request: ReviewRequest;
  decision?: {
    decision: ReviewDecision;
    reviewer: string;
    comment?: string;
    edits: Record<string, unknown>;
    corrections: Correction[];
  };
}

export interface StepState {
  status: StepStatus;
  /** Latest attempt dispatched; 0 before the first. `running` means dispatched: queued, backing off, or executing. */
  attempt: number;
  /** Attempt number at the last manual retry; automatic retries count from here. */
  retryBase: number;
  output?: unknown;
  error?: StepError;
  meta?: StepMeta;
  /** `not_taken` spreads to what follows; `shadow` and `run_ended` do not. */
  skip?: { kind: 'not_taken' | 'shadow' | 'run_ended'; reason: string };
  /** Things that would have happened in a live run (shadow mode). */
  notes?: string[];
  review?: ReviewState;
}

export interface RunError {
  code: string;
  message: string;
  stepId?: string;
}

export interface RunState {
  status: RunStatus;
  mode: RunMode;
  /** What mappings read: the input and each finished step's output, with reviewer edits applied. */
  context: RunContext;
  steps: Record<string, StepState>;
  /** Decided edges; an edge is decided once, when its source finishes. */
  edges: Record<string, 'taken' | 'not_taken'>;
  outcome?: RunOutcome;
  output?: unknown;
  decisionSummary?: string;
  error?: RunError;
}

export type RunEvent =
  | { type: 'started' }
  | { type: 'stepSucceeded'; stepId: string; attempt: number; output: unknown; meta?: StepMeta }
  | { type: 'stepFailed'; stepId: string; attempt: number; error: StepError; retryable: boolean; output?: unknown; meta?: StepMeta }
  | { type: 'reviewRequested'; stepId: string; attempt: number; request: ReviewRequest; meta?: StepMeta }
  | {
      type: 'reviewDecided';
      stepId: string;
      decision: ReviewDecision;
      reviewer: string;
      comment?: string;
      /** JSON pointer into the context → new value; only fields the request marked editable. */
      edits?: Record<string, unknown>;
    }
  | { type: 'cancelRequested'; reason?: string }
  | { type: 'retryRequested' };

export type RunCommand =
  /** Run this step now, in the job that produced the event. */
  | { type: 'executeInline'; stepId: string; attempt: number; timeoutMs: number }
  /** Put this step on the queue as its own job. */
  | { type: 'enqueue'; stepId: string; attempt: number; delayMs: number; timeoutMs: number }
  | { type: 'openReview'; stepId: string; request: ReviewRequest }
  | { type: 'closeReview'; stepId: string; reason: string }
  | { type: 'complete'; outcome: 'completed' | 'rejected'; output: unknown; decisionSummary: string }
  | { type: 'fail'; error: RunError; decisionSummary: string };

export interface Transition {
  state: RunState;
  commands: RunCommand[];
  /** Set when the event changed nothing: a redelivered or stale report. */
  ignored?: string;
}

export interface RunEnvironment {
  template: TemplateSpec;
  /** Source of jitter for retry delays, in [0, 1). */
  random: () => number;
}
