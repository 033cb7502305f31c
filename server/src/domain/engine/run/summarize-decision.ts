import type { TemplateSpec } from '../../template/template.model.js';
import { formatValue } from '../logic/render-text.js';
import type { RunContext } from '../steps/step-kind.js';
import { prepareTemplate } from './prepare-template.js';
import { stepOutput } from './run-draft.js';
import type { ReviewState, StepState } from './run.model.js';

/**
 * One plain-language sentence for the run's decision, built only from what
 * the run recorded (policy results and explanations, reviewer actions), in
 * execution order, so the same run always reads the same way:
 * "Approved: invoice INV-1 matches PO-7890 within 0.3%, vendor in good standing".
 */
export function summarizeDecision(spec: TemplateSpec, context: RunContext, steps: Record<string, StepState>): string {
  const { order, steps: nodes, kinds } = prepareTemplate(spec);
  const label = (stepId: string): string => nodes.get(stepId)?.name ?? stepId;

  const failed = order.find((stepId) => steps[stepId]?.status === 'failed');
  if (failed) return `Failed at ${label(failed)}: ${steps[failed]?.error?.message ?? 'unknown error'}`;

  const rejected = order.map((stepId) => steps[stepId]?.review?.decision).find((decision) => decision?.decision === 'reject');
  if (rejected) return rejected.comment ? `Rejected by reviewer: ${rejected.comment}` : `Rejected by reviewer ${rejected.reviewer}`;

  const clauses: string[] = [];
  const verdicts: boolean[] = [];
  let reviewedBy: string | undefined;
  for (const stepId of order) {
    const state = steps[stepId];
    const node = nodes.get(stepId);
    if (!state || !node) continue;
    if (state.status === 'succeeded') {
      // The step's own output, not a reviewer's later edit of it.
      const clause = kinds.get(stepId)?.describeOutcome?.(node.config, stepOutput({ steps, context }, stepId), state.meta?.input, context);
      if (clause?.passed !== undefined) verdicts.push(clause.passed);
      if (clause?.text) clauses.push(clause.text);
    }
    const decision = state.review?.decision;
    if (decision) {
      reviewedBy ??= decision.reviewer;
      clauses.push(...describeReview(decision));
    }
    clauses.push(...(state.notes ?? []));
    if (state.skip?.kind === 'shadow') clauses.push(state.skip.reason);
  }

  let head = 'Completed';
  if (reviewedBy) head = `Approved after review by ${reviewedBy}`;
  else if (verdicts.includes(false)) head = 'Completed with exceptions';
  else if (verdicts.length > 0) head = 'Approved';
  return clauses.length > 0 ? `${head}: ${clauses.join(', ')}` : head;
}

function describeReview(decision: NonNullable<ReviewState['decision']>): string[] {
  if (decision.corrections.length === 0) {
    return [`approved by ${decision.reviewer}${decision.comment ? ` ("${decision.comment}")` : ''}`];
  }
  return decision.corrections.map(
    (correction) =>
      `${correction.label ?? correction.path} corrected by ${decision.reviewer} from ${formatValue(correction.before)} to ${formatValue(correction.after)}`,
  );
}
