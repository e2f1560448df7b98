import { defineConfig } from 'vitest/config';

/** Long fault tests (kill -9, Redis restarts, storms, Redis Cluster, hostile feeds) run with `npm run test:fault`. */
export const FAULT_TESTS = ['tests/**/*.fault.test.ts'];

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'packages/*/tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...FAULT_TESTS],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most end-to-end time is spent waiting on loopback I/O and timers, not CPU: run a few files at once.
    maxWorkers: 3,
  },
});
