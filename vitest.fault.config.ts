import { defineConfig } from 'vitest/config';
import { ALONE_TESTS, FAULT_TESTS } from './vitest.config';

// The long fault tests and the rate-counting fan-out test, one file at a time: they start and kill processes and Redis servers of their own.
export default defineConfig({
  test: {
    include: [...FAULT_TESTS, ...ALONE_TESTS],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
