import { randomUUID } from 'node:crypto';
import type { Keys } from './keys';
import type { Redis } from './redis';
import { luaScript } from './scripts';

// Every lock Silkwire takes in Redis: one owner token per holder, released only by its owner.

/**
 * Lua that takes the chat lock KEYS[1] for owner ARGV[1] for ARGV[2] ms (reentrant: its owner may take it again), or
 * returns `refused` when another owner holds it; a script that also reads under the lock goes on after it.
 */
export function takeChatLockLua(refused: string): string {
  return `
local holder = redis.call('GET', KEYS[1])
if holder ~= false and holder ~= ARGV[1] then return ${refused} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
`;
}

const ACQUIRE_REENTRANT = luaScript(`${takeChatLockLua('0')}return 1
`);

const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

const EXTEND = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

/** Serialises deliveries to one chat across processes; the same owner (a retried job) may enter again. */
export interface ChatLock {
  /** How long a lock lives unless renewed. */
  readonly ttlMs: number;
  acquire(chatId: number, owner: string): Promise<boolean>;
  release(chatId: number, owner: string): Promise<void>;
  /** Keeps renewing a lock the owner took in another write (ChatStore.openDelivery) until released. */
  keep(chatId: number, owner: string): ChatLockHold;
}

/** A chat lock being held: renewed in the background until released. */
export interface ChatLockHold {
  /** True once a renewal found the lock gone or taken by another owner: the holder must stop. */
  readonly lost: boolean;
  release(): Promise<void>;
  /** Stops renewing a lock that a write already let go (ChatStore.advanceWatermark with `release`). */
  forget(): void;
}

/** Runs a function under a named lock, or not at all when another process holds it. */
export interface ExclusiveRunner {
  /** Runs `fn` only if no other process is running it under the same name; otherwise returns undefined at once. */
  run<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T | undefined>;
}

async function release(redis: Redis, key: string, owner: string): Promise<void> {
  await RELEASE.run(redis, 1, key, owner);
}

/**
 * Creates the Redis-backed chat lock. A held lock is renewed every third of `ttlMs`, so a slow Telegram call never
 * outlives it; a lock left by a dead process expires after `ttlMs`.
 */
export function createRedisChatLock(deps: { redis: Redis; keys: Keys; ttlMs?: number }): ChatLock {
  const ttl = deps.ttlMs ?? 30_000;
  const acquire = async (chatId: number, owner: string) => Number(await ACQUIRE_REENTRANT.run(deps.redis, 1, deps.keys.chatLock(chatId), owner, ttl)) === 1;
  const releaseLock = (chatId: number, owner: string) => release(deps.redis, deps.keys.chatLock(chatId), owner);
  const keep = (chatId: number, owner: string): ChatLockHold => {
    let lost = false;
    let renewing: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      renewing = EXTEND.run(deps.redis, 1, deps.keys.chatLock(chatId), owner, ttl).then(
        (renewed) => {
          if (Number(renewed) !== 1) {
            lost = true;
            clearInterval(timer);
          }
        },
        // NOTE: a failed renewal (Redis briefly away) is tried again at the next tick; the fenced writes catch a real loss.
        () => undefined,
      );
    }, Math.max(10, Math.floor(ttl / 3)));
    timer.unref();
    return {
      get lost() {
        return lost;
      },
      async release() {
        clearInterval(timer);
        await renewing;
        await releaseLock(chatId, owner);
      },
      forget() {
        clearInterval(timer);
      },
    };
  };
  return {
    ttlMs: ttl,
    acquire,
    release: releaseLock,
    keep,
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
