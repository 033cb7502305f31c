export type {
  CatalogRef,
  Edge,
  EdgeCondition,
  JsonSchema,
  Step,
  StepKind,
  StepNode,
  StepPosition,
  TemplateProblem,
  TemplateSettings,
  TemplateSpec,
} from './template.model.js';
export { describeStep, isBranchCondition, isOtherwiseCondition, isWhenCondition } from './template.model.js';
export { templateFileSchema, templateSpecSchema } from './template-spec.schema.js';
export { validateTemplate, type ValidateTemplateOptions } from './validate-template.js';
export { planExecution, type ExecutionPlan, type StepPlan } from './plan-execution.js';
export {
  buildGraph,
  computeGuaranteedPredecessors,
  findCycles,
  findReachable,
  sortTopologically,
  type TemplateGraph,
} from './template-graph.js';
export { describeType, isTypeCompatible, resolveSchemaPath, type SchemaLookup } from './schema-paths.js';
