import type { StepNode } from '../../template/template.model.js';
import { branchStep } from './branch.step.js';
import { httpStep } from './http.step.js';
import { lookupStep } from './lookup.step.js';
import { policyStep } from './policy.step.js';
import { promptStep } from './prompt.step.js';
import { reviewStep } from './review.step.js';
import type { StepKindSpec } from './step-kind.js';
import { transformStep } from './transform.step.js';

/** The step-kind registry: the one list a new kind is added to. */
export const stepKinds = [policyStep, promptStep, branchStep, reviewStep, httpStep, transformStep, lookupStep] as const;

type RegisteredSpec = (typeof stepKinds)[number];

export type StepKind = RegisteredSpec['kind'];

/** The persisted step model: one discriminated union on `kind`, derived from the registry. */
export type Step = RegisteredSpec extends infer Spec
  ? Spec extends StepKindSpec<infer Kind, infer Config>
    ? StepNode<Kind, Config>
    : never
  : never;

export type StepOfKind<K extends StepKind> = Extract<Step, { kind: K }>;

export type AnyStepKindSpec = StepKindSpec<string, unknown>;

const byKind: ReadonlyMap<string, AnyStepKindSpec> = new Map<string, AnyStepKindSpec>(stepKinds.map((spec) => [spec.kind, spec]));

export function findStepKind(kind: string): AnyStepKindSpec | undefined {
  return byKind.get(kind);
}

export function listStepKinds(): readonly AnyStepKindSpec[] {
  return stepKinds;
}

export type { BranchStepConfig } from './branch.step.js';
export type { HttpStepConfig, HttpErrorAction } from './http.step.js';
export type { LookupStepConfig, LookupMatch, FieldScoring, MatchMethod } from './lookup.step.js';
export type { PolicyStepConfig, PolicySummary } from './policy.step.js';
export type { PromptStepConfig } from './prompt.step.js';
export type { ReviewStepConfig, ReviewFieldConfig } from './review.step.js';
export type { TransformStepConfig } from './transform.step.js';
