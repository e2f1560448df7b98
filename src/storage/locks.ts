import { randomUUID } from 'node:crypto';
import type { Keys } from './keys';
import type { Redis } from './redis';

// Every lock Silkwire takes in Redis: one owner token per holder, released only by its owner.

const ACQUIRE_REENTRANT = `
local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Serialises deliveries to one chat across processes; the same owner (a retried job) may enter again. */
export interface ChatLock {
  acquire(chatId: number, owner: string): Promise<boolean>;
  release(chatId: number, owner: string): Promise<void>;
}

/** Runs a function under a named lock, or not at all when another process holds it. */
export interface ExclusiveRunner {
  /** Runs `fn` only if no other process is running it under the same name; otherwise returns undefined at once. */
  run<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T | undefined>;
}

async function release(redis: Redis, key: string, owner: string): Promise<void> {
  await redis.eval(RELEASE, 1, key, owner);
}

/** Creates the Redis-backed chat lock; a lock left by a dead process expires after `ttlMs`. */
export function createRedisChatLock(deps: { redis: Redis; keys: Keys; ttlMs?: number }): ChatLock {
  const ttl = deps.ttlMs ?? 120_000;
  return {
    async acquire(chatId, owner) {
      return Number(await deps.redis.eval(ACQUIRE_REENTRANT, 1, deps.keys.chatLock(chatId), owner, ttl)) === 1;
    },
    release: (chatId, owner) => release(deps.redis, deps.keys.chatLock(chatId), owner),
  };
}

/** Creates the Redis-backed exclusive runner (planner locks); a crashed holder's lock expires after its ttl. */
export function createRedisExclusiveRunner(deps: { redis: Redis; keys: Keys }): ExclusiveRunner {
  return {
    async run(name, ttlMs, fn) {
      const key = deps.keys.plannerLock(name);
      const token = randomUUID();
      if ((await deps.redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
      try {
        return await fn();
      } finally {
        await release(deps.redis, key, token);
      }
    },
  };
}
