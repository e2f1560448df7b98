import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createKeys, type Keys } from '../../src/storage/keys';

/** The Redis the tests use (the machine's, or REDIS_URL). */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A unique key prefix for one test file, so that tests never see each other's keys. */
export function uniquePrefix(label: string): string {
  return `swtest-${label}-${randomBytes(4).toString('hex')}`;
}

/** A connection plus a unique prefix; cleanup() deletes every key under the prefix and disconnects. */
export interface TestRedis {
  redis: Redis;
  prefix: string;
  keys: Keys;
  cleanup(): Promise<void>;
}

/** Deletes every key under a prefix, without touching anything else in the database. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await redis.unlink(...found);
  } while (cursor !== '0');
}

/** Opens a test connection with its own prefix. */
export function openTestRedis(label: string): TestRedis {
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = uniquePrefix(label);
  return {
    redis,
    prefix,
    keys: createKeys(prefix),
    async cleanup() {
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}
