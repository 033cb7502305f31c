import { ConflictError, ValidationError, type FieldProblem } from '../../errors/index.js';
import { escapePointer } from '../../shared/json-schema.js';
import { isRecord } from '../steps/step-helpers.js';
import type { ReviewRequest } from '../steps/step-kind.js';
import { isWithinPointer, parsePointer, readPointer, writePointer } from './context-pointers.js';
import type { Correction, RunEvent } from './run.model.js';
import { keepOwnOutput, readStep, updateStep, writeContextOutput, type RunDraft } from './run-draft.js';

type DecidedEvent = Extract<RunEvent, { type: 'reviewDecided' }>;

/** Fills what a review step leaves to the template: due time and escalation. */
export function completeReviewRequest(draft: RunDraft, request: ReviewRequest): ReviewRequest {
  const settings = draft.env.template.settings ?? {};
  const dueHours = request.dueHours ?? settings.reviewDueHours;
  const escalateTo = request.escalateTo ?? settings.escalationRole;
  return { ...request, ...(dueHours !== undefined ? { dueHours } : {}), ...(escalateTo !== undefined ? { escalateTo } : {}) };
}

/**
 * The task for a step whose own result needs a person (low confidence, a
 * policy configured to stop on false, an answer that failed validation):
 * every top-level field of the result, editable.
 */
export function buildGateRequest(draft: RunDraft, stepId: string, output: unknown, reason: string): ReviewRequest {
  const step = draft.template.steps.get(stepId);
  const label = step?.name ?? stepId;
  const fields = isRecord(output)
    ? Object.entries(output).map(([key, value]) => ({ path: `/steps/${escapePointer(stepId)}/${escapePointer(key)}`, label: key, editable: true, value }))
    : [{ path: `/steps/${escapePointer(stepId)}`, label, editable: true, value: output }];
  return completeReviewRequest(draft, { origin: 'gate', role: 'reviewer', title: `Check ${label}`, reason, fields });
}

/**
 * Applies a decision to a waiting step. Edits must name fields the task
 * showed as editable; they are written into the context (so every later
 * step reads the corrected value) and kept as corrections for the audit.
 * Returns whether the run goes on.
 */
export function applyReviewDecision(draft: RunDraft, event: DecidedEvent): 'continue' | 'rejected' {
  const step = readStep(draft, event.stepId);
  const request = step.review?.request;
  if (step.status !== 'waiting' || !request) throw new ConflictError(`step ${event.stepId} is not waiting for a review`, { stepId: event.stepId });
  const edits = event.edits ?? {};
  checkEdits(event, edits, request);

  const corrections: Correction[] = [];
  let context = draft.state.context;
  // Each edited step's state keeps its output as the step produced it; the context gets the edits.
  for (const path of Object.keys(edits)) {
    const [root, editedStep] = parsePointer(path);
    if (root === 'steps' && editedStep !== undefined) keepOwnOutput(draft, editedStep);
  }
  for (const [path, after] of Object.entries(edits)) {
    const before = readPointer(context, path);
    try {
      context = writePointer(context, path, after);
    } catch (error) {
      throw ValidationError.single(path, 'review-edit', (error as Error).message);
    }
    const label = request.fields.find((field) => isWithinPointer(path, field.path))?.label;
    corrections.push({ path, ...(label ? { label } : {}), before, after, reviewer: event.reviewer });
  }
  draft.state.context = context;

  const decision = {
    decision: event.decision,
    reviewer: event.reviewer,
    ...(event.comment !== undefined ? { comment: event.comment } : {}),
    edits,
    corrections,
  };
  const review = { request, decision };
  if (request.origin === 'step') {
    const output = { decision: event.decision, edits, comment: event.comment ?? null, reviewer: event.reviewer };
    updateStep(draft, event.stepId, { status: 'succeeded', output, review });
    writeContextOutput(draft, event.stepId, output);
  } else {
    updateStep(draft, event.stepId, { status: 'succeeded', review });
  }
  return event.decision === 'reject' ? 'rejected' : 'continue';
}

function checkEdits(event: DecidedEvent, edits: Record<string, unknown>, request: ReviewRequest): void {
  const paths = Object.keys(edits);
  if (event.decision === 'edit' && paths.length === 0) {
    throw ValidationError.single('/edits', 'review-edit', 'an edit decision needs at least one edited field');
  }
  if (event.decision !== 'edit' && paths.length > 0) {
    throw ValidationError.single('/edits', 'review-edit', `a ${event.decision} decision takes no edits; use edit`);
  }
  const editable = request.fields.filter((field) => field.editable).map((field) => field.path);
  const problems: FieldProblem[] = paths
    .filter((path) => !editable.some((base) => isWithinPointer(path, base)))
    .map((path) => ({ path, rule: 'review-edit', message: 'this field is not editable in this review' }));
  if (problems.length > 0) throw new ValidationError('edits name fields that are not editable', problems);
}
