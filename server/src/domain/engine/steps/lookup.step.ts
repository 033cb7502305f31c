import { distance } from 'fastest-levenshtein';
import type { FieldProblem } from '../../errors/index.js';
import { resolveSchemaPath } from '../../template/schema-paths.js';
import type { JsonSchema } from '../../template/template.model.js';
import { collectVarPaths } from '../logic/collect-var-paths.js';
import { evaluateFields, readVarPath } from '../logic/evaluate-mapping.js';
import { splitVarPath } from '../logic/logic-operations.js';
import { failFromThrown, failMapping, buildPointer } from './step-helpers.js';
import type { StepKindSpec } from './step-kind.js';

export type MatchMethod = 'exact' | 'fuzzy' | 'numeric';

export interface FieldScoring {
  method?: MatchMethod;
  weight?: number;
  /** numeric only: relative difference at which the score reaches 0 (0.05 = 5%). */
  tolerance?: number;
}

export interface LookupStepConfig {
  dataset: string;
  /** Record field (dot path) → mapping for the value to look for. */
  match: Record<string, unknown>;
  scoreBy?: Record<string, FieldScoring>;
  minScore?: number;
  limit?: number;
}

export interface LookupMatch {
  record: unknown;
  score: number;
}

const DEFAULT_MIN_SCORE = 0.5;
const DEFAULT_LIMIT = 5;
const DEFAULT_TOLERANCE = 0.05;

export const lookupStep: StepKindSpec<'lookup', LookupStepConfig> = {
  kind: 'lookup',
  label: 'Lookup',
  description: 'Finds the records in a reference dataset (purchase orders, vendors, budgets) that best match values from the run.',
  configSchema: {
    type: 'object',
    required: ['dataset', 'match'],
    additionalProperties: false,
    properties: {
      dataset: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
      match: { type: 'object', minProperties: 1, additionalProperties: true },
      scoreBy: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          properties: {
            method: { enum: ['exact', 'fuzzy', 'numeric'] },
            weight: { type: 'number', exclusiveMinimum: 0 },
            tolerance: { type: 'number', exclusiveMinimum: 0 },
          },
        },
      },
      minScore: { type: 'number', minimum: 0, maximum: 1 },
      limit: { type: 'integer', minimum: 1, maximum: 50 },
    },
  },
  defaultConfig: { dataset: 'purchase-orders', match: { po_number: { var: 'input.po_number' } } },
  ioMode: 'inline',
  retry: { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 10_000, timeoutMs: 10_000 },

  collectCatalogNeeds: (config) => [{ type: 'dataset', name: config.dataset, pointer: '/dataset' }],
  collectReferences: (config) => collectVarPaths(config.match, '/match'),

  checkConfig(config, ctx) {
    const problems: FieldProblem[] = [];
    for (const field of Object.keys(config.scoreBy ?? {})) {
      if (!(field in config.match)) {
        problems.push({ path: `/scoreBy${buildPointer(field)}`, rule: 'lookup-score-field', message: `Scoring is set for '${field}', which is not matched.` });
      }
    }
    const dataset = ctx.catalog.dataset(config.dataset);
    if (dataset === 'unchecked' || !dataset?.recordSchema) return problems;
    for (const field of Object.keys(config.match)) {
      if (resolveSchemaPath(dataset.recordSchema, splitVarPath(field)).kind === 'missing') {
        problems.push({ path: `/match${buildPointer(field)}`, rule: 'unknown-field', message: `Records in ${config.dataset} have no field '${field}'.` });
      }
    }
    return problems;
  },

  inferOutputSchema(config, ctx) {
    const dataset = ctx.catalog.dataset(config.dataset);
    const record: JsonSchema = dataset !== 'unchecked' && dataset?.recordSchema ? stripId(dataset.recordSchema) : {};
    const nullableRecord: JsonSchema = record.type === 'object' ? { ...record, type: ['object', 'null'] } : {};
    return {
      type: 'object',
      required: ['matches', 'best'],
      properties: {
        matches: {
          type: 'array',
          items: { type: 'object', required: ['record', 'score'], properties: { record, score: { type: 'number' } } },
        },
        best: nullableRecord,
        bestScore: { type: ['number', 'null'] },
      },
    };
  },

  async execute(config, context, env) {
    let wanted: Record<string, unknown>;
    try {
      wanted = evaluateFields(config.match, context);
    } catch (error) {
      return failMapping(error, 'the lookup values');
    }
    let records: readonly unknown[];
    try {
      records = await env.ports.referenceData.list(config.dataset);
    } catch (error) {
      return failFromThrown(error, 'reference_data_error');
    }
    const matches = rankRecords(records, wanted, config);
    const best = matches[0];
    return {
      status: 'succeeded',
      output: { matches, best: best?.record ?? null, bestScore: best?.score ?? null },
      meta: { input: wanted, explanation: { dataset: config.dataset, searched: records.length } },
    };
  },
};

/** Scores every record, keeps those at or above minScore, best first; ties keep dataset order. */
export function rankRecords(records: readonly unknown[], wanted: Record<string, unknown>, config: LookupStepConfig): LookupMatch[] {
  // A value the run does not have (no PO number on the invoice) does not count against any record.
  const fields = Object.entries(wanted).filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (fields.length === 0) return [];
  const minScore = config.minScore ?? DEFAULT_MIN_SCORE;
  const scored: LookupMatch[] = [];
  for (const record of records) {
    let total = 0;
    let weights = 0;
    for (const [field, value] of fields) {
      const scoring = config.scoreBy?.[field] ?? {};
      const weight = scoring.weight ?? 1;
      total += weight * scoreField(readVarPath(record, field), value, scoring);
      weights += weight;
    }
    const score = Math.round((total / weights) * 1000) / 1000;
    if (score >= minScore) scored.push({ record, score });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, config.limit ?? DEFAULT_LIMIT);
}

function scoreField(actual: unknown, wanted: unknown, scoring: FieldScoring): number {
  if (actual === null || actual === undefined) return 0;
  switch (scoring.method ?? 'exact') {
    case 'numeric': {
      const a = Number(actual);
      const b = Number(wanted);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return 0;
      const scale = Math.max(Math.abs(a), Math.abs(b));
      const difference = scale === 0 ? 0 : Math.abs(a - b) / scale;
      return Math.max(0, 1 - difference / (scoring.tolerance ?? DEFAULT_TOLERANCE));
    }
    case 'fuzzy': {
      const a = normalizeText(actual);
      const b = normalizeText(wanted);
      const longest = Math.max(a.length, b.length);
      return longest === 0 ? 1 : 1 - distance(a, b) / longest;
    }
    case 'exact':
      return typeof actual === 'number' || typeof wanted === 'number'
        ? Number(actual) === Number(wanted) ? 1 : 0
        : normalizeText(actual) === normalizeText(wanted) ? 1 : 0;
  }
}

/** Case, spacing and punctuation differences are noise when matching names and numbers typed by people. */
function normalizeText(value: unknown): string {
  return String(value).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function stripId(schema: JsonSchema): JsonSchema {
  const { $id: _dropped, $schema: _dialect, ...rest } = schema;
  return rest;
}
