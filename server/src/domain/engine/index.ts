// Public API of the process engine. Infra and services import from here only.

export type {
  Awaitable,
  CatalogPort,
  EnginePorts,
  HttpMethod,
  HttpPort,
  HttpRequest,
  HttpResponse,
  PolicyEvaluation,
  PolicyPort,
  PolicyStatus,
  PromptInvalidOutput,
  PromptPort,
  PromptRunResult,
  PromptStatus,
  PromptSuccess,
  PromptUsage,
  ReferenceDataPort,
  ResolvedDataset,
  ResolvedPolicy,
  ResolvedPrompt,
  SecretRef,
} from './ports.js';

export type {
  CatalogNeed,
  CatalogView,
  CheckContext,
  InferenceContext,
  IoMode,
  OutcomeClause,
  RetryPolicy,
  ReviewField,
  ReviewRequest,
  RunContext,
  RunMode,
  RunReferences,
  StepEnv,
  StepError,
  StepKindSpec,
  StepMeta,
  StepOutcome,
  StepUsage,
} from './steps/step-kind.js';
export {
  findStepKind,
  listStepKinds,
  stepKinds,
  type AnyStepKindSpec,
  type BranchStepConfig,
  type FieldScoring,
  type HttpErrorAction,
  type HttpStepConfig,
  type LookupMatch,
  type LookupStepConfig,
  type MatchMethod,
  type PolicyStepConfig,
  type PolicySummary,
  type PromptStepConfig,
  type ReviewFieldConfig,
  type ReviewStepConfig,
  type Step,
  type StepKind,
  type StepOfKind,
  type TransformStepConfig,
} from './steps/index.js';
export { formatCatalogRef, describeCatalogRef } from './steps/step-helpers.js';
export { isAllowedBaseUrl } from './steps/http.step.js';
export { rankRecords } from './steps/lookup.step.js';

export type {
  Correction,
  ReviewDecision,
  ReviewState,
  RunCommand,
  RunEnvironment,
  RunError,
  RunEvent,
  RunOutcome,
  RunState,
  RunStatus,
  StepState,
  StepStatus,
  Transition,
} from './run/run.model.js';
export { advanceRun } from './run/advance-run.js';
export { createRunState, validateRunInput } from './run/create-run.js';
export { executeStep, toRunEvent, type ExecuteStepOptions } from './run/execute-step.js';
export { resolveRunReferences } from './run/resolve-references.js';
export { summarizeDecision } from './run/summarize-decision.js';
export { computeRetryDelay } from './run/retry-policy.js';
export { runInMemory, type InMemoryRunOptions, type InMemoryRunResult, type ReviewAnswer } from './run/run-in-memory.js';
export { readPointer, writePointer, parsePointer } from './run/context-pointers.js';

export { collectVarPaths, type VarPath } from './logic/collect-var-paths.js';
export { evaluateMapping, evaluateFields, evaluateCondition, readVarPath } from './logic/evaluate-mapping.js';
export { inferMappingSchema } from './logic/infer-logic-type.js';
export { renderText, formatValue } from './logic/render-text.js';
export { registerMappingOperation, JSON_LOGIC_OPERATIONS } from './logic/logic-operations.js';
export { checkUserSchema, validateUserSchema } from './user-schemas.js';
