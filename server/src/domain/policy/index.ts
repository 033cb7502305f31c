export { evaluatePolicy, type EvaluateOptions, type PolicyEvaluation } from './evaluate-policy.js';
export type { TraceEntry, VarRead } from './interpret-rule.js';
export { checkPolicy } from './check-policy.js';
export { collectVarPaths, type VarPathUse } from './collect-var-paths.js';
export {
  runPolicyTests,
  listBranches,
  type BranchCoverage,
  type PolicyTestCase,
  type PolicyTestCaseResult,
  type PolicyTestReport,
  type RunPolicyTestsOptions,
} from './run-policy-tests.js';
export { parsePolicyFile, serializePolicyFile, type PolicyFile } from './policy-file.js';
export { POLICY_FILE_SCHEMA } from './policy-file.schema.js';
export { registerOperator, findOperator } from './operator-registry.js';
export { BUILTIN_OPERATORS } from './builtin-operators.js';
export { CUSTOM_OPERATORS } from './operators/index.js';
export type { CustomOperator, OperatorSignature, ArgKind, ValueKind } from './operator-signature.js';
export type { JsonValue, JsonObject } from './json-value.js';
export {
  MAX_RULE_DEPTH,
  MAX_RULE_NODES,
  MAX_DATA_BYTES,
  MAX_DATA_DEPTH,
  MAX_EVALUATION_STEPS,
  MAX_TRACE_ENTRIES,
  MAX_EXPLANATION_LENGTH,
  MAX_REGEX_PATTERN_LENGTH,
  MAX_REGEX_INPUT_LENGTH,
  MAX_REGEX_STATES,
  MAX_NAME_LENGTH,
  MAX_TEST_CASES,
} from './limits.js';
