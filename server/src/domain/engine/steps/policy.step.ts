import type { CatalogRef } from '../../template/template.model.js';
import { collectVarPaths, type VarPath } from '../logic/collect-var-paths.js';
import { evaluateFields } from '../logic/evaluate-mapping.js';
import { splitVarPath } from '../logic/logic-operations.js';
import { renderText } from '../logic/render-text.js';
import {
  catalogRefSchema,
  checkMappedFields,
  failFromThrown,
  failMapping,
  failMissingReference,
  fieldMappingSchema,
  formatCatalogRef,
  isRecord,
} from './step-helpers.js';
import type { StepKindSpec } from './step-kind.js';

/** Text for the decision summary; `{{field}}` reads the policy's mapped data, its result, or the run context. */
export type PolicySummary = string | { pass?: string; fail?: string };

export interface PolicyStepConfig {
  policy: CatalogRef;
  data: Record<string, unknown>;
  /** `false-result`: a result of exactly false goes to a person instead of on down the graph. */
  reviewWhen?: 'false-result';
  summary?: PolicySummary;
}

const summaryTextSchema = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const policyStep: StepKindSpec<'policy', PolicyStepConfig> = {
  kind: 'policy',
  label: 'Policy',
  description: 'Evaluates a published JSON-logic policy on data mapped from the run.',
  configSchema: {
    type: 'object',
    required: ['policy', 'data'],
    additionalProperties: false,
    properties: {
      policy: catalogRefSchema,
      data: fieldMappingSchema,
      reviewWhen: { enum: ['false-result'] },
      summary: {
        anyOf: [
          summaryTextSchema,
          { type: 'object', additionalProperties: false, minProperties: 1, properties: { pass: summaryTextSchema, fail: summaryTextSchema } },
        ],
      },
    },
  },
  defaultConfig: { policy: { key: 'policy-key' }, data: {} },
  ioMode: 'inline',
  // Policies are deterministic: a second attempt only helps when the evaluator itself was unavailable.
  retry: { maxAttempts: 2, baseDelayMs: 500, maxDelayMs: 5_000, timeoutMs: 5_000 },

  collectCatalogNeeds: (config) => [{ type: 'policy', ref: config.policy, pointer: '/policy' }],

  collectReferences: (config) => [...collectVarPaths(config.data, '/data'), ...collectSummaryPaths(config.summary)],

  checkConfig(config, ctx) {
    const policy = ctx.catalog.policy(config.policy);
    if (!policy) return [];
    const owner = `Policy ${policy.key} v${policy.version}`;
    if (policy.inputSchema) {
      return checkMappedFields(config.data, policy.inputSchema, ctx.schemaOf, { basePointer: '/data', noun: 'data field', owner, rulePrefix: 'policy-data' });
    }
    // Without a declared input schema, the fields the policy's logic reads are what it needs.
    const needed = new Set<string>();
    for (const ref of ctx.collectPolicyVarPaths(policy.logic)) {
      const [field] = splitVarPath(ref.path);
      if (field) needed.add(field);
    }
    return [...needed]
      .filter((name) => !(name in config.data))
      .map((name) => ({ path: '/data', rule: 'policy-data-missing', message: `${owner} reads '${name}', but it is not mapped.` }));
  },

  inferOutputSchema(config, ctx) {
    const policy = ctx.catalog.policy(config.policy);
    return {
      type: 'object',
      required: ['result', 'trace', 'explanation'],
      properties: { result: policy?.resultSchema ?? {}, trace: {}, explanation: { type: 'string' } },
    };
  },

  describeOutcome(config, output, input, context) {
    if (!isRecord(output)) return undefined;
    const passed = Boolean(output.result);
    const template = typeof config.summary === 'string' ? config.summary : passed ? config.summary?.pass : config.summary?.fail;
    const result = typeof output.result === 'boolean' ? { passed } : {};
    if (template) return { ...result, text: renderText(template, [input, { result: output.result }, context]) };
    // Without a summary template, a short explanation from the policy reads well enough; a long trace does not.
    const explanation = typeof output.explanation === 'string' ? output.explanation.split('\n')[0]?.trim() : undefined;
    const text = explanation && explanation.length <= 160 ? explanation : `policy ${config.policy.key} ${passed ? 'passed' : 'did not pass'}`;
    return { ...result, text };
  },

  findReviewReason(config, output) {
    if (config.reviewWhen !== 'false-result' || !isRecord(output) || output.result !== false) return undefined;
    return `policy ${config.policy.key} returned false`;
  },

  async execute(config, context, env) {
    const policy = env.references.policies[formatCatalogRef(config.policy)];
    if (!policy) return failMissingReference('policy', config.policy);
    let data: Record<string, unknown>;
    try {
      data = evaluateFields(config.data, context);
    } catch (error) {
      return failMapping(error, 'the policy data');
    }
    try {
      const evaluation = await env.ports.policy.evaluate(policy, data);
      return {
        status: 'succeeded',
        output: { result: evaluation.result, trace: evaluation.trace, explanation: evaluation.explanation },
        meta: { input: data, explanation: { policyId: policy.id, key: policy.key, version: policy.version } },
      };
    } catch (error) {
      return failFromThrown(error, 'policy_error');
    }
  },
};

/** Summary placeholders that name context paths are data references too, so a typo there is caught at design time. */
function collectSummaryPaths(summary: PolicySummary | undefined): VarPath[] {
  if (summary === undefined) return [];
  const texts: Array<[string, string]> =
    typeof summary === 'string' ? [['/summary', summary]] : Object.entries(summary).map(([key, text]) => [`/summary/${key}`, text]);
  const found: VarPath[] = [];
  for (const [pointer, text] of texts) {
    for (const match of text.matchAll(/\{\{\s*((?:input|steps)(?:\.[A-Za-z0-9_-]+)*)\s*\}\}/g)) {
      found.push({ path: match[1] as string, pointer });
    }
  }
  return found;
}
