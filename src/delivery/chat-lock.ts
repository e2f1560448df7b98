import type { Keys } from '../storage/keys';
import type { Redis } from '../storage/redis';

/** Serialises deliveries to one chat across processes; the same owner (a retried job) may enter again. */
export interface ChatLock {
  acquire(chatId: number, owner: string): Promise<boolean>;
  release(chatId: number, owner: string): Promise<void>;
}

const ACQUIRE = `
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

/** Creates the Redis-backed chat lock; a lock left by a dead process expires after `ttlMs`. */
export function createRedisChatLock(deps: { redis: Redis; keys: Keys; ttlMs?: number }): ChatLock {
  const ttl = deps.ttlMs ?? 120_000;
  return {
    async acquire(chatId, owner) {
      return Number(await deps.redis.eval(ACQUIRE, 1, deps.keys.chatLock(chatId), owner, ttl)) === 1;
    },
    async release(chatId, owner) {
      await deps.redis.eval(RELEASE, 1, deps.keys.chatLock(chatId), owner);
    },
  };
}
