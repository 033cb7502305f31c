/**
 * The shape of a template spec before any kind-specific check: steps, edges,
 * settings. Step configs are only required to be objects here; each kind's
 * own config schema (engine/steps) checks them, so adding a kind does not
 * touch this file.
 */
export const templateSpecSchema = {
  type: 'object',
  required: ['inputSchema', 'steps', 'edges'],
  additionalProperties: false,
  properties: {
    inputSchema: { type: 'object', description: 'JSON Schema (2020-12) of the run input' },
    steps: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        required: ['id', 'kind', 'config', 'position'],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
            pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$',
            description: 'Referenced in mappings as steps.<id>; no dots or spaces',
          },
          kind: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
          name: { type: 'string', maxLength: 120 },
          description: { type: 'string', maxLength: 2000 },
          config: { type: 'object' },
          position: {
            type: 'object',
            required: ['x', 'y'],
            additionalProperties: false,
            properties: { x: { type: 'number' }, y: { type: 'number' } },
          },
        },
      },
    },
    edges: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'from', 'to'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 64 },
          from: { type: 'string', minLength: 1 },
          to: { type: 'string', minLength: 1 },
          label: { type: 'string', maxLength: 120 },
          condition: { description: 'JSON-logic over the run context, or { when } / { otherwise: true } after a branch' },
        },
      },
    },
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        reviewDueHours: { type: 'number', exclusiveMinimum: 0 },
        escalationRole: { type: 'string', minLength: 1 },
        retentionDays: { type: 'integer', minimum: 1 },
      },
    },
  },
} as const;

/** The schema of `seeds/templates/<key>.json`; `schemas/template-file.schema.json` is this object written out (a unit test keeps them equal). */
export const templateFileSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Docket process template file (seeds/templates/<key>.json)',
  description: 'One process template version: metadata plus the spec the builder edits.',
  type: 'object',
  required: ['key', 'name', 'spec'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    key: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 },
    name: { type: 'string', minLength: 1, maxLength: 120 },
    description: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    spec: templateSpecSchema,
  },
} as const;
