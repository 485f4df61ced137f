import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^cadlens\/node$/, replacement: r('./src/node.ts') },
      { find: /^cadlens\/testing$/, replacement: r('./src/testing/index.ts') },
      { find: /^cadlens\/adapters\/postgres$/, replacement: r('./adapters/postgres/index.ts') },
      { find: /^cadlens$/, replacement: r('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'adapters/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Prints one line at the end of the run: how many tests were skipped and why (e.g. no shared data).
    // prepare-datasets extracts MFCAD once, before any test file starts.
    globalSetup: ['test/support/prepare-datasets.ts', 'test/support/skip-summary.ts'],
    // Tests share one local PostgreSQL and a 2-core machine: keep file-level parallelism modest.
    maxWorkers: 2,
  },
});
