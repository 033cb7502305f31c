import type { FieldProblem } from '../../errors/index.js';
import type { JsonSchema } from '../../template/template.model.js';
import { collectVarPaths } from '../logic/collect-var-paths.js';
import { evaluateFields } from '../logic/evaluate-mapping.js';
import { inferMappingSchema } from '../logic/infer-logic-type.js';
import { checkUserSchema, validateUserSchema } from '../user-schemas.js';
import { checkMappedFields, failMapping, fieldMappingSchema } from './step-helpers.js';
import type { StepKindSpec } from './step-kind.js';

export interface TransformStepConfig {
  output: Record<string, unknown>;
  /** Declared shape of the result; checked at design time and on every run. */
  outputSchema?: JsonSchema;
}

export const transformStep: StepKindSpec<'transform', TransformStepConfig> = {
  kind: 'transform',
  label: 'Transform',
  description: 'Builds a new object from the run with JSON-logic mappings.',
  configSchema: {
    type: 'object',
    required: ['output'],
    additionalProperties: false,
    properties: {
      output: { ...fieldMappingSchema, minProperties: 1 },
      outputSchema: { type: 'object' },
    },
  },
  defaultConfig: { output: { value: { var: 'input' } } },
  ioMode: 'inline',
  retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, timeoutMs: 5_000 },

  collectCatalogNeeds: () => [],
  collectReferences: (config) => collectVarPaths(config.output, '/output'),

  checkConfig(config, ctx) {
    if (!config.outputSchema) return [];
    const schemaProblems: FieldProblem[] = checkUserSchema(config.outputSchema, '/outputSchema');
    if (schemaProblems.length > 0) return schemaProblems;
    return checkMappedFields(config.output, config.outputSchema, ctx.schemaOf, {
      basePointer: '/output',
      noun: 'field',
      owner: 'The declared output schema',
      rulePrefix: 'transform-field',
    });
  },

  inferOutputSchema(config, ctx) {
    return config.outputSchema ?? inferMappingSchema(config.output, ctx.schemaAt) ?? { type: 'object' };
  },

  async execute(config, context) {
    let output: Record<string, unknown>;
    try {
      output = evaluateFields(config.output, context);
    } catch (error) {
      return failMapping(error, 'the transform output');
    }
    if (config.outputSchema) {
      const problems = validateUserSchema(config.outputSchema, output);
      if (problems.length > 0) {
        const summary = problems.slice(0, 3).map((problem) => `${problem.path || '/'} ${problem.message}`).join('; ');
        return {
          status: 'failed',
          retryable: false,
          output,
          error: { code: 'output_invalid', message: `the transform result does not match its output schema: ${summary}`, details: { problems } },
        };
      }
    }
    return { status: 'succeeded', output };
  },
};
