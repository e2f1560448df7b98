import { defineConfig } from 'vitest/config';

/** Long fault tests (kill -9, Redis restarts, storms, Redis Cluster, hostile feeds) run with `npm run test:fault`. */
export const FAULT_TESTS = ['tests/**/*.fault.test.ts'];
/**
 * Tests that count Telegram's rate at the emulator (at most one 429 in a 500-chat fan-out): beside other files on a
 * 2-core machine, their sends are delayed by CPU contention rather than by the product, so they run alone with the fault tests.
 */
export const ALONE_TESTS = ['tests/e2e/fan-out.test.ts'];

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'packages/*/tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...FAULT_TESTS, ...ALONE_TESTS],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most end-to-end time is spent waiting on loopback I/O and timers, not CPU: run a few files at once.
    maxWorkers: 3,
  },
});
