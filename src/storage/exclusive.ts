import { randomUUID } from 'node:crypto';
import type { Redis } from './redis';

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Runs `fn` only if no other process is running it under the same key; otherwise returns undefined at once.
 * The lock expires after `ttlMs`, so a crashed holder cannot block it for long.
 */
export async function runExclusive<T>(redis: Redis, key: string, ttlMs: number, fn: () => Promise<T>): Promise<T | undefined> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
  try {
    return await fn();
  } finally {
    await redis.eval(RELEASE, 1, key, token);
  }
}
