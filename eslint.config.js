import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'bench-results/**', 'web/src/generated/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The domain stays pure: no ORM, GraphQL server, CASL, filesystem or network.
    files: ['server/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@mikro-orm/*', 'type-graphql', '@apollo/*', '@casl/*', 'express', 'pg', 'pg-boss', 'openai'], message: 'domain/ is pure: bring side effects in through a port' },
          { group: ['node:fs', 'node:fs/*', 'fs', 'node:http', 'node:net'], message: 'domain/ does no I/O' },
          { group: ['**/infra/**', '**/modules/**', '**/graphql/**'], message: 'domain/ must not depend on outer layers' },
        ],
      }],
    },
  },
);
