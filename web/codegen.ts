import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run schema:emit` writes the server schema to src/generated/schema.graphql
 * and then runs this: every `graphql(...)` document in the web sources becomes a
 * TypedDocumentNode whose result and variables types come from the schema.
 * Paths are relative to the repository root, where the npm scripts run.
 */
const config: CodegenConfig = {
  schema: 'web/src/generated/schema.graphql',
  documents: ['web/src/**/*.{ts,vue}', '!web/src/generated/**'],
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'web/src/generated/': {
      preset: 'client',
      presetConfig: { gqlTagName: 'graphql', fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        // DateTime travels as an ISO-8601 string; JSON is checked where it is used.
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
