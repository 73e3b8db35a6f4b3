import { defineConfig } from 'vitest/config';

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
  },
});
