import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/** Tests import the package by name (`aip-kit/server`…) and get its TypeScript source, not a possibly stale dist/. */
const SOURCE_CONDITIONS = ['aip-kit-source', ...defaultServerConditions];

export default defineConfig({
  ssr: { resolve: { conditions: SOURCE_CONDITIONS } },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
