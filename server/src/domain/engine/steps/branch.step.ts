import { collectVarPaths } from '../logic/collect-var-paths.js';
import { evaluateMapping } from '../logic/evaluate-mapping.js';
import { failMapping } from './step-helpers.js';
import type { StepKindSpec } from './step-kind.js';

export interface BranchStepConfig {
  /** JSON-logic whose value picks the outgoing edges with a matching `{ when }`. */
  on: unknown;
}

export const branchStep: StepKindSpec<'branch', BranchStepConfig> = {
  kind: 'branch',
  label: 'Branch',
  description: 'Computes a value from the run and follows the outgoing edges whose `when` matches it.',
  configSchema: {
    type: 'object',
    required: ['on'],
    additionalProperties: false,
    properties: { on: { description: 'JSON-logic over the run context' } },
  },
  defaultConfig: { on: { var: 'input' } },
  ioMode: 'inline',
  retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, timeoutMs: 1_000 },
  routesByValue: true,

  collectCatalogNeeds: () => [],
  collectReferences: (config) => collectVarPaths(config.on, '/on'),
  checkConfig: () => [],

  inferOutputSchema(config, ctx) {
    return { type: 'object', required: ['value'], properties: { value: ctx.schemaOf(config.on) ?? {} } };
  },

  async execute(config, context) {
    try {
      return { status: 'succeeded', output: { value: evaluateMapping(config.on, context) } };
    } catch (error) {
      return failMapping(error, 'the branch value');
    }
  },
};
