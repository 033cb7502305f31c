/**
 * JSON Schema (2020-12) of a policy file in `policies/*.json`. The same object
 * is written to `schemas/policy-file.schema.json` for editors and other
 * tools; a unit test keeps the two equal. It lives here as a module because
 * the domain reads no files.
 */
export const POLICY_FILE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Docket policy file',
  description: 'A JSON-logic policy with its input schema and test cases, as kept in policies/*.json.',
  type: 'object',
  required: ['key', 'name', 'description', 'logic', 'testCases'],
  additionalProperties: false,
  properties: {
    key: {
      description: 'Stable identifier of the policy: 2 to 63 lowercase letters, digits or dashes.',
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9-]{1,62}$',
    },
    name: { description: 'Human name shown in the builder.', type: 'string', minLength: 1, maxLength: 200 },
    description: { description: 'The business rule in plain words.', type: 'string', maxLength: 4000 },
    logic: { description: 'The JSON-logic rule (json-logic-js 2.0.5 operators plus Docket operators).' },
    inputSchema: { description: 'JSON Schema of the data the rule reads.', type: 'object' },
    testCases: {
      description: 'Examples the rule must satisfy, compared by JSON deep equality.',
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        required: ['name', 'data', 'expected'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          data: { description: 'Input the rule is evaluated on.' },
          expected: { description: 'The result the rule must give.' },
        },
      },
    },
  },
} as const;
