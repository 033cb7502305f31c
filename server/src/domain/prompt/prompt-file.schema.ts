import { promptContentProperties, promptMessageFileSchema } from './prompt-spec.schema.js';

/**
 * The schema of `prompts/<key>/prompt.json`. `schemas/prompt-file.schema.json`
 * is this object written out (a unit test keeps them equal), so editors can
 * validate prompt files without running Docket.
 */
export const promptFileSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Docket prompt file (prompts/<key>/prompt.json)',
  description: 'One prompt version on disk; message templates live in .liquid files next to it.',
  type: 'object',
  required: ['key', 'name', 'messages', 'parameters', 'outputSchema', 'testCases'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    key: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    messages: { type: 'array', minItems: 1, items: promptMessageFileSchema },
    ...promptContentProperties,
  },
};
