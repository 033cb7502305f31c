import type { Step, StepKind } from '../engine/steps/index.js';

/** JSON Schema 2020-12 as plain data; read through the helpers in schema-paths.ts. */
export type JsonSchema = Record<string, unknown>;

/** Where a policy or prompt version comes from: an exact version, a label, or (neither) the latest published. */
export interface CatalogRef {
  key: string;
  version?: number;
  label?: string;
}

export interface StepPosition {
  x: number;
  y: number;
}

/** One node of a template. The persisted union `Step` is derived from the kind registry. */
export interface StepNode<K extends string = string, C = unknown> {
  id: string;
  kind: K;
  name?: string;
  description?: string;
  config: C;
  position: StepPosition;
}

/**
 * An edge condition is JSON-logic over the run context, except on edges leaving
 * a branch step, where `{ when: value }` matches the value the branch produced
 * and `{ otherwise: true }` is taken when no `when` matched.
 */
export type EdgeCondition = { when: unknown } | { otherwise: true } | Record<string, unknown>;

export interface Edge {
  id: string;
  from: string;
  to: string;
  label?: string;
  condition?: EdgeCondition;
}

export interface TemplateSettings {
  /** Hours a review task may stay open before it is escalated. */
  reviewDueHours?: number;
  /** Role a late or gated review escalates to. */
  escalationRole?: string;
  /** Days run inputs and outputs are kept before redaction. */
  retentionDays?: number;
}

export interface TemplateSpec {
  inputSchema: JsonSchema;
  steps: Step[];
  edges: Edge[];
  settings?: TemplateSettings;
}

/** A design-time problem, located by a JSON pointer into the template. */
export interface TemplateProblem {
  stepId?: string;
  path: string;
  rule: string;
  message: string;
  /** The steps of a cycle, in order, when rule is `cycle`. */
  cycle?: string[];
}

export type { Step, StepKind };

export function isWhenCondition(condition: EdgeCondition | undefined): condition is { when: unknown } {
  return typeof condition === 'object' && condition !== null && Object.keys(condition).length === 1 && 'when' in condition;
}

export function isOtherwiseCondition(condition: EdgeCondition | undefined): condition is { otherwise: true } {
  return (
    typeof condition === 'object' &&
    condition !== null &&
    Object.keys(condition).length === 1 &&
    (condition as { otherwise?: unknown }).otherwise === true
  );
}

/** True for edges whose condition only makes sense leaving a branch step. */
export function isBranchCondition(condition: EdgeCondition | undefined): boolean {
  return isWhenCondition(condition) || isOtherwiseCondition(condition);
}

export function describeStep(step: { id: string; name?: string }): string {
  return step.name ? `'${step.name}' (${step.id})` : `'${step.id}'`;
}
