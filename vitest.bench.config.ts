import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Benchmarks are ordinary vitest files run one at a time, so they get the same
// SWC transform as the tests; each prints a table and writes bench-results/*.json.
export default defineConfig({
  plugins: [swc.vite()],
  // One graphql instance: type-graphql and Apollo load its CommonJS build, so
  // code under test must not get the ESM build through Vite's resolution.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/bench/**/*.bench.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
