import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/server/**/*.test.ts', 'test/integration/**/*.test.ts', 'entrypoints/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // The same parsing tests again on the platform's path: Node 20 gives JSON.parse revivers
        // the source text only behind this flag (Chromium ≥ 114 and Firefox ≥ 135 always do).
        extends: true,
        test: {
          name: 'unit-source-text',
          include: ['lib/json-text.test.ts'],
          environment: 'node',
          execArgv: ['--harmony-json-parse-with-source'],
        },
      },
      {
        extends: true,
        test: {
          // The store zips from `npm run zip` (npm test makes them before this runs).
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
