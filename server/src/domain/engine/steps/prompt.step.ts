import type { FieldProblem } from '../../errors/index.js';
import { describeType, isTypeCompatible, resolveSchemaPath } from '../../template/schema-paths.js';
import type { CatalogRef } from '../../template/template.model.js';
import { collectVarPaths } from '../logic/collect-var-paths.js';
import { evaluateFields, readVarPath } from '../logic/evaluate-mapping.js';
import { splitVarPath } from '../logic/logic-operations.js';
import {
  catalogRefSchema,
  checkMappedFields,
  failFromThrown,
  failMapping,
  failMissingReference,
  fieldMappingSchema,
  formatCatalogRef,
  buildPointer,
} from './step-helpers.js';
import type { StepKindSpec } from './step-kind.js';

export interface PromptStepConfig {
  prompt: CatalogRef;
  variables: Record<string, unknown>;
  /** Below `min` at `path` (a var path into the prompt's output), the answer goes to a person. */
  minConfidence?: { path: string; min: number };
}

export const promptStep: StepKindSpec<'prompt', PromptStepConfig> = {
  kind: 'prompt',
  label: 'Prompt',
  description: 'Renders a published prompt version, asks the model, and returns its validated structured answer.',
  configSchema: {
    type: 'object',
    required: ['prompt', 'variables'],
    additionalProperties: false,
    properties: {
      prompt: catalogRefSchema,
      variables: fieldMappingSchema,
      minConfidence: {
        type: 'object',
        required: ['path', 'min'],
        additionalProperties: false,
        properties: { path: { type: 'string', minLength: 1 }, min: { type: 'number' } },
      },
    },
  },
  defaultConfig: { prompt: { key: 'prompt-key', label: 'production' }, variables: {} },
  ioMode: 'async',
  retry: { maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 60_000, timeoutMs: 120_000 },

  collectCatalogNeeds: (config) => [{ type: 'prompt', ref: config.prompt, pointer: '/prompt' }],

  collectReferences: (config) => collectVarPaths(config.variables, '/variables'),

  checkConfig(config, ctx) {
    const prompt = ctx.catalog.prompt(config.prompt);
    if (!prompt) return [];
    const owner = `Prompt ${prompt.key} v${prompt.version}`;
    // Without an input schema every variable the templates read is required.
    const declared = prompt.inputSchema ?? {
      type: 'object',
      required: prompt.variables,
      properties: Object.fromEntries(prompt.variables.map((name) => [name, {}])),
    };
    const known = new Set([...prompt.variables, ...Object.keys((declared.properties ?? {}) as object)]);
    const problems: FieldProblem[] = checkMappedFields(config.variables, declared, ctx.schemaOf, {
      basePointer: '/variables',
      noun: 'variable',
      owner,
      rulePrefix: 'prompt-variable',
    }).filter((problem) => problem.rule !== 'prompt-variable-unknown');
    for (const name of Object.keys(config.variables)) {
      if (!known.has(name)) {
        problems.push({ path: `/variables${buildPointer(name)}`, rule: 'prompt-variable-unknown', message: `${owner} has no variable '${name}'.` });
      }
    }
    if (config.minConfidence) problems.push(...checkConfidencePath(config.minConfidence.path, prompt.outputSchema, owner));
    return problems;
  },

  inferOutputSchema(config, ctx) {
    return ctx.catalog.prompt(config.prompt)?.outputSchema ?? {};
  },

  findReviewReason(config, output) {
    if (!config.minConfidence) return undefined;
    const { path, min } = config.minConfidence;
    const confidence = readVarPath(output, path);
    if (typeof confidence !== 'number') return `the answer has no confidence at ${path}`;
    return confidence < min ? `confidence ${confidence} is below ${min}` : undefined;
  },

  async execute(config, context, env) {
    const prompt = env.references.prompts[formatCatalogRef(config.prompt)];
    if (!prompt) return failMissingReference('prompt version', config.prompt);
    let variables: Record<string, unknown>;
    try {
      variables = evaluateFields(config.variables, context);
    } catch (error) {
      return failMapping(error, 'the prompt variables');
    }
    try {
      const result = await env.ports.prompt.run(prompt, variables, env.signal);
      const usage = result.usage
        ? { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens, costUsd: result.costUsd ?? 0 }
        : undefined;
      const explanation = { promptId: prompt.id, key: prompt.key, version: prompt.version, model: result.model, versionHash: result.versionHash };
      if (result.kind === 'invalid_output') {
        return {
          status: 'failed',
          retryable: false,
          output: result.raw,
          error: {
            code: 'invalid_output',
            message: `the model's answer does not match the output schema (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'})`,
            details: { errors: result.errors },
            routeToReview: true,
          },
          meta: { input: variables, explanation: { ...explanation, validationErrors: result.errors }, ...(usage ? { usage } : {}) },
        };
      }
      return { status: 'succeeded', output: result.output, meta: { input: variables, explanation, ...(usage ? { usage } : {}) } };
    } catch (error) {
      return failFromThrown(error, 'prompt_error');
    }
  },
};

function checkConfidencePath(path: string, outputSchema: Record<string, unknown>, owner: string): FieldProblem[] {
  const lookup = resolveSchemaPath(outputSchema, splitVarPath(path));
  if (lookup.kind === 'missing') {
    return [{ path: '/minConfidence/path', rule: 'unknown-field', message: `${owner}'s output has no field '${path}'.` }];
  }
  if (lookup.kind === 'found' && !isTypeCompatible({ type: 'number' }, lookup.schema)) {
    return [{ path: '/minConfidence/path', rule: 'type-mismatch', message: `Confidence '${path}' must be a number, but it is ${describeType(lookup.schema)}.` }];
  }
  return [];
}
