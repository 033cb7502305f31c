export type {
  JsonSchema,
  PromptAssertion,
  PromptAssertionType,
  PromptExample,
  PromptMessage,
  PromptParameters,
  PromptRole,
  PromptSpec,
  PromptTestCase,
  RenderedMessage,
} from './prompt-spec.js';
export { promptSpecSchema } from './prompt-spec.schema.js';
export { promptFileSchema } from './prompt-file.schema.js';
export { checkPromptSpec, assertPromptSpec } from './check-prompt-spec.js';
export { listTemplateVariables, pickTemplateVariables } from './list-template-variables.js';
export { renderPromptMessages, type RenderOptions } from './render-prompt-messages.js';
export { wrapUntrustedText, neutralizeUntrustedText, DEFAULT_UNTRUSTED_TAG } from './untrusted-text.js';
export { evaluateAssertions, type AssertionResult } from './evaluate-assertions.js';
export {
  diffPromptSpecs,
  type PromptSpecDiff,
  type PromptMessageDiff,
  type PromptLineDiff,
  type PromptFieldChange,
} from './diff-prompt-specs.js';
export { promptVersionHash } from './prompt-version-hash.js';
export {
  parsePromptFolder,
  serializePromptFolder,
  PROMPT_FILE_SCHEMA_REF,
  type PromptDefinition,
  type PromptFolderFiles,
} from './prompt-folder.js';
export { readPointer, toPointer, type PointerLookup } from './json-pointer.js';
export type { LlmClient, LlmRequest, LlmResult, LlmUsage } from './llm-port.js';
export { LlmError, type LlmErrorKind, type LlmErrorDetails } from './llm-error.js';
export {
  runPromptTestCase,
  runPromptTestCases,
  type PromptTestCaseResult,
  type PromptTestReport,
  type RunPromptTestsOptions,
} from './run-prompt-test-cases.js';
export { pseudonymizeVariables, reidentify, type Pseudonym, type Pseudonymized } from './pseudonymize.js';
export { prepareModelCall, type PreparedModelCall } from './prepare-model-call.js';
