import { defineConfig } from 'vitest/config';

/** Where CI's JSON report goes, from which `.ci/run` prints a plain closing line. */
export const CI_REPORT = 'node_modules/.cache/deepseaguard/vitest-report.json';

export default defineConfig({
  test: {
    include: [
      'drivers/**/*.test.ts',
      'rules/**/*.test.ts',
      'agent/**/*.test.ts',
      'sim/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: CI_REPORT }]] : ['default'],
  },
});
