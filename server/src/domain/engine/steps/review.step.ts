import type { FieldProblem } from '../../errors/index.js';
import type { CatalogRef } from '../../template/template.model.js';
import type { VarPath } from '../logic/collect-var-paths.js';
import { readPointer, pointerToVarPath } from '../run/context-pointers.js';
import { catalogRefSchema, formatCatalogRef, isRecord } from './step-helpers.js';
import type { ReviewField, StepKindSpec } from './step-kind.js';

export interface ReviewFieldConfig {
  /** JSON pointer into the run context, e.g. /steps/extract/total. */
  path: string;
  label: string;
  editable: boolean;
}

export interface ReviewStepConfig {
  role: string;
  title: string;
  fields: ReviewFieldConfig[];
  dueHours?: number;
  escalateTo?: string;
  /**
   * Prompt that drafts an explanation for the reviewer. It may read
   * process_name, step_name, reason (the title), facts ({ label: value }),
   * title and fields ([{ label, value }]); only the ones it declares are sent.
   */
  explainWith?: CatalogRef;
}

export const REVIEW_ROLES = ['reviewer', 'operator', 'designer', 'admin'] as const;
const EXPLANATION_VARIABLES = new Set(['process_name', 'step_name', 'reason', 'facts', 'title', 'fields']);

export const reviewStep: StepKindSpec<'review', ReviewStepConfig> = {
  kind: 'review',
  label: 'Review',
  description: 'Opens a review task and pauses the run until a person approves, rejects or edits.',
  configSchema: {
    type: 'object',
    required: ['role', 'title', 'fields'],
    additionalProperties: false,
    properties: {
      role: { enum: [...REVIEW_ROLES] },
      title: { type: 'string', minLength: 1, maxLength: 200 },
      fields: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['path', 'label', 'editable'],
          additionalProperties: false,
          properties: {
            path: { type: 'string', pattern: '^/(input|steps/[^/]+)(/.*)?$' },
            label: { type: 'string', minLength: 1 },
            editable: { type: 'boolean' },
          },
        },
      },
      dueHours: { type: 'number', exclusiveMinimum: 0 },
      escalateTo: { enum: [...REVIEW_ROLES] },
      explainWith: catalogRefSchema,
    },
  },
  defaultConfig: { role: 'reviewer', title: 'Check the result', fields: [{ path: '/input', label: 'Input', editable: false }] },
  ioMode: 'async',
  waitsForPerson: true,
  // The job builds the task and may ask a model for an explanation draft.
  retry: { maxAttempts: 2, baseDelayMs: 1_000, maxDelayMs: 30_000, timeoutMs: 60_000 },
  shadow: {
    describeSkip: (config) => `would open review "${config.title}" for ${config.role}`,
    buildOutput: () => ({ decision: 'approve', edits: {}, comment: 'shadow run: review not opened', reviewer: null }),
  },

  collectCatalogNeeds: (config) => (config.explainWith ? [{ type: 'prompt', ref: config.explainWith, pointer: '/explainWith' }] : []),

  collectReferences: (config) =>
    config.fields.map((field, index): VarPath => ({ path: pointerToVarPath(field.path), pointer: `/fields/${index}/path` })),

  checkConfig(config, ctx) {
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    config.fields.forEach((field, index) => {
      if (seen.has(field.path)) {
        problems.push({ path: `/fields/${index}/path`, rule: 'review-field-duplicate', message: `${field.path} is listed twice.` });
      }
      seen.add(field.path);
    });
    const explainer = config.explainWith ? ctx.catalog.prompt(config.explainWith) : undefined;
    if (explainer) {
      const required = Array.isArray(explainer.inputSchema?.required) ? (explainer.inputSchema.required as string[]) : explainer.variables;
      for (const name of required.filter((variable) => !EXPLANATION_VARIABLES.has(variable))) {
        problems.push({
          path: '/explainWith',
          rule: 'prompt-variable-missing',
          message: `Prompt ${explainer.key} needs variable '${name}', but review explanations only provide ${[...EXPLANATION_VARIABLES].join(', ')}.`,
        });
      }
    }
    return problems;
  },

  inferOutputSchema: () => ({
    type: 'object',
    required: ['decision', 'edits', 'comment', 'reviewer'],
    properties: {
      decision: { enum: ['approve', 'reject', 'edit'], type: 'string' },
      edits: { type: 'object', additionalProperties: true },
      comment: { type: ['string', 'null'] },
      reviewer: { type: ['string', 'null'] },
    },
  }),

  async execute(config, context, env) {
    const fields: ReviewField[] = config.fields.map((field) => ({ ...field, value: readPointer(context, field.path) }));
    const request = {
      origin: 'step' as const,
      role: config.role,
      title: config.title,
      fields,
      ...(config.dueHours !== undefined ? { dueHours: config.dueHours } : {}),
      ...(config.escalateTo !== undefined ? { escalateTo: config.escalateTo } : {}),
    };
    const explainer = config.explainWith ? env.references.prompts[formatCatalogRef(config.explainWith)] : undefined;
    if (!explainer) return { status: 'review', request };
    try {
      const offered: Record<string, unknown> = {
        process_name: env.processName ?? 'process',
        step_name: env.stepName ?? env.stepId,
        reason: config.title,
        facts: Object.fromEntries(fields.map(({ label, value }) => [label, value ?? null])),
        title: config.title,
        fields: fields.map(({ label, value }) => ({ label, value: value ?? null })),
      };
      // Prompts declare their variables strictly; send only what this one reads.
      const accepted = new Set([...explainer.variables, ...Object.keys((explainer.inputSchema?.properties ?? {}) as object)]);
      const variables = Object.fromEntries(Object.entries(offered).filter(([name]) => accepted.has(name)));
      const result = await env.ports.prompt.run(explainer, variables, env.signal);
      const explanation = result.kind === 'invalid_output' ? undefined : readExplanation(result.output);
      return { status: 'review', request: explanation ? { ...request, explanation } : request };
    } catch {
      // A reviewer can decide without the draft; a model outage must not hold the task back.
      return { status: 'review', request };
    }
  },
};

function readExplanation(output: unknown): string | undefined {
  if (typeof output === 'string') return output;
  if (!isRecord(output)) return undefined;
  const text = output.explanation ?? output.summary ?? output.text;
  if (typeof text !== 'string') return undefined;
  const parts = [typeof output.headline === 'string' ? `${output.headline}.` : '', text];
  const checks = Array.isArray(output.points_to_check) ? output.points_to_check.filter((point) => typeof point === 'string') : [];
  if (checks.length > 0) parts.push(`Check: ${checks.join('; ')}.`);
  return parts.filter((part) => part !== '').join(' ');
}
