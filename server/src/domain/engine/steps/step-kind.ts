import type { FieldProblem } from '../../errors/index.js';
import type { CatalogRef, JsonSchema, StepNode } from '../../template/template.model.js';
import type { VarPath } from '../logic/collect-var-paths.js';
import type { EnginePorts, ResolvedDataset, ResolvedPolicy, ResolvedPrompt } from '../ports.js';

export type IoMode = 'inline' | 'async';
export type RunMode = 'live' | 'test' | 'shadow';

/** What mappings and conditions read while a run executes. */
export interface RunContext {
  input: unknown;
  steps: Record<string, unknown>;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export interface StepError {
  code: string;
  message: string;
  details?: unknown;
  /** A person can settle this (e.g. a 4xx the template routes to review) instead of failing the run. */
  routeToReview?: boolean;
  /** The other side asked us to wait at least this long before trying again. */
  retryAfterMs?: number;
}

export interface StepUsage {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** What a StepRun records besides the output: mapped input, explanation (trace, model, version hash), usage. */
export interface StepMeta {
  input?: unknown;
  explanation?: unknown;
  usage?: StepUsage;
}

export interface ReviewField {
  /** JSON pointer into the run context, e.g. /steps/extract/total. */
  path: string;
  label: string;
  editable: boolean;
  value?: unknown;
}

export interface ReviewRequest {
  /** `step` for review steps; `gate` when a step's result fell below its threshold. */
  origin: 'step' | 'gate';
  role: string;
  title: string;
  fields: ReviewField[];
  reason?: string;
  dueHours?: number;
  escalateTo?: string;
  /** Draft explanation for the reviewer, written by the explainWith prompt. */
  explanation?: string;
}

export interface OutcomeClause {
  text?: string;
  passed?: boolean;
}

export type StepOutcome =
  | { status: 'succeeded'; output: unknown; meta?: StepMeta }
  | { status: 'failed'; error: StepError; retryable: boolean; output?: unknown; meta?: StepMeta }
  | { status: 'review'; request: ReviewRequest; meta?: StepMeta };

/** Exact versions a run uses, resolved from refs once at run start and stored with the run. */
export interface RunReferences {
  policies: Record<string, ResolvedPolicy>;
  prompts: Record<string, ResolvedPrompt>;
}

export interface StepEnv {
  runId: string;
  stepId: string;
  stepName?: string;
  processName?: string;
  attempt: number;
  mode: RunMode;
  ports: EnginePorts;
  references: RunReferences;
  allowedBaseUrls: readonly string[];
  signal: AbortSignal;
  timeoutMs: number;
}

export type CatalogNeed =
  | { type: 'policy'; ref: CatalogRef; pointer: string }
  | { type: 'prompt'; ref: CatalogRef; pointer: string }
  | { type: 'dataset'; name: string; pointer: string };

/** Catalog entries resolved before checks run, so kind checks stay synchronous. */
export interface CatalogView {
  policy(ref: CatalogRef): ResolvedPolicy | undefined;
  prompt(ref: CatalogRef): ResolvedPrompt | undefined;
  /** `unchecked` when the catalog cannot describe datasets. */
  dataset(name: string): ResolvedDataset | 'unchecked' | undefined;
}

export interface InferenceContext {
  catalog: CatalogView;
  /** Schema of what a mapping produces when evaluated at this step; undefined when unknowable. */
  schemaOf(mapping: unknown): JsonSchema | undefined;
  /** Schema of the value at a var path of the context this step reads; undefined when unknowable. */
  schemaAt(path: string): JsonSchema | undefined;
}

export interface CheckContext extends InferenceContext {
  step: StepNode;
  allowedBaseUrls: readonly string[];
  collectPolicyVarPaths(logic: unknown): VarPath[];
}

/**
 * One step kind: everything the builder, design-time validation and the
 * engine need to know about it. Adding a kind means writing one of these and
 * listing it in steps/index.ts. Method syntax keeps specs of different config
 * types assignable to one registry type.
 */
export interface StepKindSpec<K extends string, C> {
  readonly kind: K;
  readonly label: string;
  readonly description: string;
  readonly configSchema: JsonSchema;
  readonly defaultConfig: C;
  readonly ioMode: IoMode;
  readonly retry: RetryPolicy;
  /** Outgoing edges are chosen by matching `{ when }` against the output's `value`. */
  readonly routesByValue?: boolean;
  /** The run pauses at this step until a person decides; what follows starts in a new job. */
  readonly waitsForPerson?: boolean;
  /** In shadow mode the step is not executed: it is recorded as skipped with this reason and output. */
  readonly shadow?: { describeSkip(config: C): string; buildOutput?(config: C): unknown };
  collectCatalogNeeds(config: C): CatalogNeed[];
  /** Data paths the config reads, with pointers relative to the config. */
  collectReferences(config: C): VarPath[];
  /** Kind-specific checks beyond the config schema; paths are relative to the config. */
  checkConfig(config: C, ctx: CheckContext): FieldProblem[];
  inferOutputSchema(config: C, ctx: InferenceContext): JsonSchema;
  /** A per-step timeout from the config, when the kind lets authors set one. */
  resolveTimeoutMs?(config: C): number | undefined;
  /**
   * This step's part of the run's decision summary: a clause, and whether
   * the step passed (pass/fail steps such as policies decide the summary's
   * head word). `input` is what the step recorded as its mapped input.
   */
  describeOutcome?(config: C, output: unknown, input: unknown, context: RunContext): OutcomeClause | undefined;
  /** Why this output needs a person before the run continues, or undefined when it does not. */
  findReviewReason?(config: C, output: unknown): string | undefined;
  execute(config: C, context: RunContext, env: StepEnv): Promise<StepOutcome>;
}
