import type { Keys } from '../storage/keys';
import type { Redis } from '../storage/redis';

/** Spaces every outgoing message across all processes: an even global rate, one a second per chat, twenty a minute per group. */
export interface RateLimiter {
  /** Reserves the next free slot for a message to a chat and resolves when it is time to send. */
  acquire(chatId: number | string, isGroup: boolean): Promise<void>;
  /** Stops all sending for `ms` (Telegram's 429 is global). */
  pauseAll(ms: number): Promise<void>;
}

// KEYS: [global, chat, pause]; ARGV: [globalIntervalMs, chatIntervalMs]. Returns how long to wait before the reserved slot.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local g = tonumber(redis.call('GET', KEYS[1]) or '0')
local c = tonumber(redis.call('GET', KEYS[2]) or '0')
local p = tonumber(redis.call('GET', KEYS[3]) or '0')
local at = math.max(now, g, c, p)
local gi = tonumber(ARGV[1])
local ci = tonumber(ARGV[2])
redis.call('SET', KEYS[1], at + gi, 'PX', at + gi - now + 60000)
redis.call('SET', KEYS[2], at + ci, 'PX', at + ci - now + 1000)
return at - now
`;

// KEYS: [pause]; ARGV: [ms]. Nothing is sent before now + ms; returns the pause end (Redis time).
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local p = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > p then redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 60000) end
return until_
`;

// KEYS: [pause]. How long sending is still paused, in ms (0 when not).
const PAUSED_FOR = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local p = tonumber(redis.call('GET', KEYS[1]) or '0')
if p > now then return p - now end
return 0
`;

/** The spacing between two messages for a rate a second, with a margin for network and timer jitter so a sliding one-second window never sees more. */
export function spacingMs(perSecond: number): number {
  return Math.ceil((1000 / perSecond) * 1.12);
}

/** Creates the Redis-backed limiter shared by every bot and worker process of an instance. */
export function createRedisRateLimiter(deps: {
  redis: Redis;
  keys: Keys;
  perSecond: number;
  sleep?: (ms: number) => Promise<void>;
}): RateLimiter {
  const { redis, keys } = deps;
  const globalInterval = spacingMs(deps.perSecond);
  // NOTE: timers fire a millisecond or more late, so at high rates a tolerance of one interval sends every lane round again.
  const lateness = Math.max(globalInterval, 20);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    async acquire(chatId, isGroup) {
      // NOTE: 10% over Telegram's 1 s per chat and 3 s per group (20 a minute), so network jitter never makes two look closer.
      const chatInterval = isGroup ? 3300 : 1100;
      for (;;) {
        const wait = Number(await redis.eval(RESERVE, 3, keys.rateGlobal(), keys.rateChat(chatId), keys.ratePause(), globalInterval, chatInterval));
        const slot = Date.now() + wait;
        if (wait > 0) await sleep(wait);
        // A 429 while we waited pauses everyone, including slots reserved before it: take a new slot after the pause.
        const paused = Number(await redis.eval(PAUSED_FOR, 1, keys.ratePause()));
        // NOTE: a lane that wakes well after its slot (a busy event loop) would send in a burst with the lanes behind it.
        if (paused === 0 && Date.now() - slot <= lateness) return;
      }
    },
    async pauseAll(ms) {
      await redis.eval(PAUSE, 1, keys.ratePause(), Math.ceil(ms));
    },
  };
}
