/**
 * JSON Schemas for prompt content. The pieces are shared by the in-memory
 * spec (API input, persisted versions) and the on-disk file format, so the
 * two cannot drift apart on what a parameter or an assertion is.
 */
const draft = 'https://json-schema.org/draft/2020-12/schema';

const parameters = {
  type: 'object',
  additionalProperties: false,
  properties: {
    temperature: { type: 'number', minimum: 0, maximum: 2 },
    maxTokens: { type: 'integer', minimum: 1 },
    seed: { type: 'integer' },
    topP: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
  },
};

const schemaObject = { type: 'object', description: 'a JSON Schema (2020-12)' };

const variables = { type: 'object', description: 'values for the template variables' };

const pointer = { type: 'string', pattern: '^(/([^~]|~[01])*)*$', description: 'JSON pointer into the model output' };

const assertion = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: { enum: ['schema_valid', 'equals', 'within', 'contains', 'not_contains'] },
    path: pointer,
    value: {},
    tolerance: { type: 'number', minimum: 0 },
    text: { type: 'string', minLength: 1 },
  },
  allOf: [
    {
      if: { properties: { type: { const: 'equals' } } },
      then: { required: ['path', 'value'], properties: { path: pointer, value: {} } },
    },
    {
      if: { properties: { type: { const: 'within' } } },
      then: { required: ['path', 'value', 'tolerance'], properties: { path: pointer, value: { type: 'number' }, tolerance: { type: 'number' } } },
    },
    {
      if: { properties: { type: { enum: ['contains', 'not_contains'] } } },
      then: { required: ['text'], properties: { text: { type: 'string' } } },
    },
  ],
};

const testCase = {
  type: 'object',
  required: ['name', 'variables', 'assertions'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    variables,
    assertions: { type: 'array', items: assertion },
  },
};

const example = {
  type: 'object',
  required: ['variables', 'output'],
  additionalProperties: false,
  properties: { name: { type: 'string' }, variables, output: {} },
};

const role = { enum: ['system', 'user', 'assistant'] };

/** Properties every prompt version has, in the spec and in prompt.json alike. */
export const promptContentProperties = {
  examples: { type: 'array', items: example },
  model: { type: 'string', minLength: 1 },
  parameters,
  inputSchema: schemaObject,
  outputSchema: schemaObject,
  testCases: { type: 'array', items: testCase },
  changelog: { type: 'string' },
  pseudonymize: {
    type: 'boolean',
    description: 'Replace input fields marked x-pii with stable tokens (PERSON_1, IBAN_1) before the call and restore them in the answer',
  },
};

export const promptSpecSchema = {
  $schema: draft,
  title: 'Docket prompt version content',
  type: 'object',
  required: ['messages', 'parameters', 'outputSchema', 'testCases'],
  additionalProperties: false,
  properties: {
    messages: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['role', 'template'],
        additionalProperties: false,
        properties: { role, template: { type: 'string' } },
      },
    },
    ...promptContentProperties,
  },
};

const templateFile = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*\\.liquid$' };

/** A message in prompt.json names its template file, or (for short ones) holds the template inline. */
export const promptMessageFileSchema = {
  type: 'object',
  required: ['role'],
  additionalProperties: false,
  properties: { role, file: templateFile, template: { type: 'string' } },
  oneOf: [
    { required: ['file'], properties: { file: templateFile } },
    { required: ['template'], properties: { template: { type: 'string' } } },
  ],
};
