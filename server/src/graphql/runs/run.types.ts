import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ReviewTask } from '../../modules/runs/review-task.entity.js';
import type { Run } from '../../modules/runs/run.entity.js';
import type { StepRun } from '../../modules/runs/step-run.entity.js';
import type { PiiView } from '../../modules/runs/run-pii.js';
import { PageInfo } from '../audit/audit.types.js';

export enum RunMode { live = 'live', test = 'test', shadow = 'shadow' }
export enum ReviewStatus { open = 'open', decided = 'decided', cancelled = 'cancelled' }
export enum ReviewDecision { approve = 'approve', reject = 'reject', edit = 'edit' }
registerEnumType(RunMode, { name: 'RunMode' });
registerEnumType(ReviewStatus, { name: 'ReviewStatus' });
registerEnumType(ReviewDecision, { name: 'ReviewDecision' });

@ObjectType('StepView', { description: 'A step of a run: its state now, and the record of its latest attempt.' })
export class StepView {
  @Field(() => String) stepId!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String) kind!: string;
  @Field(() => String, { description: 'pending, running, succeeded, failed, skipped or waiting' }) status!: string;
  @Field(() => Int) attempt!: number;
  @Field(() => GraphQLJSON, { nullable: true }) input!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) output!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'Policy trace; prompt version hash, model, usage; validation errors.' }) explanation!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) error!: unknown;
  @Field(() => String, { nullable: true, description: 'Why the step was skipped.' }) skipReason!: string | null;
  @Field(() => Int, { nullable: true }) durationMs!: number | null;
  @Field(() => Int) tokens!: number;
  @Field(() => Float) costUsd!: number;
  @Field(() => GraphQLDateTime, { nullable: true }) startedAt!: Date | null;
}

@ObjectType('ReviewTask')
export class ReviewTaskType {
  @Field(() => ID) id!: string;
  @Field(() => ID) runId!: string;
  @Field(() => String) templateKey!: string;
  @Field(() => String) stepId!: string;
  @Field(() => ReviewStatus) status!: ReviewStatus;
  @Field(() => String) role!: string;
  @Field(() => String, { nullable: true }) escalationRole!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) escalatedAt!: Date | null;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true, description: 'Why the run stopped for a person.' }) reason!: string | null;
  @Field(() => GraphQLJSON, { description: '[{ path, label, editable, value }]' }) fields!: unknown;
  @Field(() => String, { nullable: true, description: 'Draft explanation written for the reviewer.' }) explanation!: string | null;
  @Field(() => GraphQLDateTime) dueAt!: Date;
  @Field(() => ReviewDecision, { nullable: true }) decision!: ReviewDecision | null;
  @Field(() => GraphQLJSON, { nullable: true }) edits!: unknown;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => GraphQLDateTime, { nullable: true }) decidedAt!: Date | null;
  @Field(() => GraphQLDateTime) createdAt!: Date;

  static from(t: ReviewTask, pii: PiiView): ReviewTaskType {
    return Object.assign(new ReviewTaskType(), {
      id: t.id, runId: t.run.id, templateKey: t.run.templateKey, stepId: t.stepId, status: t.status, role: t.role, escalationRole: t.escalationRole ?? null,
      escalatedAt: t.escalatedAt ?? null, title: t.title, reason: pii.mask(t.request.reason ?? null), fields: pii.mask(t.request.fields),
      explanation: pii.mask(t.request.explanation ?? null), dueAt: t.dueAt, decision: t.decision ?? null, edits: pii.mask(t.edits ?? null),
      comment: t.comment ?? null, decidedBy: t.decidedBy ?? null, decidedAt: t.decidedAt ?? null, createdAt: t.createdAt,
    });
  }
}

@ObjectType('Run')
export class RunType {
  @Field(() => ID) id!: string;
  @Field(() => String) templateKey!: string;
  @Field(() => Int) templateVersion!: number;
  @Field(() => ID) templateVersionId!: string;
  @Field(() => RunMode) mode!: RunMode;
  @Field(() => String, { description: 'queued, running, waiting_review, succeeded, failed or cancelled' }) status!: string;
  @Field(() => String, { nullable: true, description: 'completed, rejected, failed or cancelled' }) outcome!: string | null;
  @Field(() => String, { nullable: true }) idempotencyKey!: string | null;
  @Field(() => GraphQLJSON) input!: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) output!: unknown;
  @Field(() => String, { nullable: true }) decisionSummary!: string | null;
  @Field(() => GraphQLJSON, { nullable: true }) error!: unknown;
  @Field(() => GraphQLJSON, { description: 'The exact policy and prompt versions this run uses, pinned at start.' }) references!: unknown;
  @Field(() => GraphQLJSON, { description: 'Reviewer corrections, in order.' }) corrections!: unknown;
  @Field(() => ID, { nullable: true }) shadowOf!: string | null;
  @Field(() => String) startedBy!: string;
  @Field(() => Int) tokens!: number;
  @Field(() => Float) costUsd!: number;
  @Field(() => GraphQLDateTime) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Boolean, { description: 'True when personal data in this view is masked for your role; see revealRunField.' }) piiMasked!: boolean;
  /** Carried for the steps field resolver. */
  entity!: Run;
  pii!: PiiView;

  static from(run: Run, pii: PiiView): RunType {
    const references = {
      policies: Object.fromEntries(Object.entries(run.references.policies).map(([ref, p]) => [ref, { id: p.id, key: p.key, version: p.version }])),
      prompts: Object.fromEntries(Object.entries(run.references.prompts).map(([ref, p]) => [ref, { id: p.id, key: p.key, version: p.version, versionHash: p.versionHash ?? null }])),
    };
    const corrections = Object.entries(run.state.steps).flatMap(([stepId, step]) => (step.review?.decision?.corrections ?? []).map((c) => ({ stepId, ...c })));
    return Object.assign(new RunType(), {
      id: run.id, templateKey: run.templateKey, templateVersion: run.templateVersion.version, templateVersionId: run.templateVersion.id,
      mode: run.mode, status: run.status, outcome: run.outcome ?? null, idempotencyKey: run.idempotencyKey ?? null, input: pii.mask(run.input),
      output: pii.mask(run.output ?? null), decisionSummary: pii.mask(run.decisionSummary ?? null), error: pii.mask(run.error ?? null), references,
      corrections: pii.mask(corrections), shadowOf: run.shadowOf ?? null, startedBy: run.startedBy, tokens: run.tokens, costUsd: run.costUsd,
      createdAt: run.createdAt, finishedAt: run.finishedAt ?? null, piiMasked: pii.masked, entity: run, pii,
    });
  }

  /** Template order; each step's state joined with its latest recorded attempt. */
  static stepsOf(run: Run, records: StepRun[], pii: PiiView): StepView[] {
    const latest = new Map<string, StepRun>();
    for (const record of records) {
      const seen = latest.get(record.stepId);
      if (!seen || seen.attempt <= record.attempt) latest.set(record.stepId, record);
    }
    const kinds = new Map(run.templateVersion.spec.steps.map((s) => [s.id, s.kind]));
    const names = new Map(run.templateVersion.spec.steps.map((s) => [s.id, s.name ?? null]));
    return Object.entries(run.state.steps).map(([stepId, step]) => {
      const record = latest.get(stepId);
      return Object.assign(new StepView(), {
        stepId, name: names.get(stepId) ?? null, kind: kinds.get(stepId) ?? record?.kind ?? 'unknown', status: step.status, attempt: step.attempt,
        input: pii.mask(record?.input ?? step.meta?.input ?? null), output: pii.mask(step.output ?? record?.output ?? run.state.context.steps[stepId] ?? null),
        explanation: pii.mask(record?.explanation ?? step.meta?.explanation ?? null), error: pii.mask(step.error ?? record?.error ?? null),
        skipReason: step.skip?.reason ?? null, durationMs: record?.durationMs ?? null, tokens: record?.tokens ?? 0,
        costUsd: record?.costUsd ?? 0, startedAt: record?.startedAt ?? null,
      });
    });
  }
}

@ObjectType('RunConnection')
export class RunConnection {
  @Field(() => [RunType]) nodes!: RunType[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@InputType('RunFilter')
export class RunFilter {
  @Field(() => String, { nullable: true }) templateKey?: string | null;
  @Field(() => String, { nullable: true }) status?: string | null;
  @Field(() => RunMode, { nullable: true }) mode?: RunMode | null;
}
