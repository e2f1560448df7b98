import type { RateLimits } from './types';

/**
 * Telegram's documented flood limits: 30 messages a second overall, 1 a second per chat, 20 a minute per group, and up
 * to 1000 a second for paid broadcasts. Sends are counted when they arrive, as Telegram counts them at its end.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  globalPerSecond: 30,
  perChatPerSecond: 1,
  perGroupPerMinute: 20,
  countEdits: false,
  paidBroadcastPerSecond: 1000,
};

/** Sliding-window flood control over message sends. */
export interface RateLimiter {
  /** Records a send now and returns undefined, or returns the whole seconds to wait (≥ 1) without recording. */
  acquire(chatId: number, isGroup: boolean, paidBroadcast?: boolean): number | undefined;
  /** The limits in force, or undefined when disabled. */
  limits(): RateLimits | undefined;
  /** Replaces the limits (`false` disables, `true` restores the defaults) and forgets past sends. */
  configure(limits: Partial<RateLimits> | boolean): void;
  /** Forgets past sends. */
  clear(): void;
}

/** Normalises the `rateLimits` option into limits, or undefined when disabled. */
export function resolveRateLimits(option: Partial<RateLimits> | boolean | undefined): RateLimits | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return { ...DEFAULT_RATE_LIMITS };
  return { ...DEFAULT_RATE_LIMITS, ...option };
}

/** Returns the seconds until a window of `windowMs` holding `stamps` has room for one more of at most `max`. */
function waitFor(stamps: number[], max: number, windowMs: number, now: number): number | undefined {
  while (stamps.length > 0 && (stamps[0] as number) <= now - windowMs) stamps.shift();
  if (stamps.length < max) return undefined;
  const freeing = stamps[stamps.length - max] as number;
  return Math.max(1, Math.ceil((freeing + windowMs - now) / 1000));
}

/** Creates a rate limiter that reads time from `now` (epoch milliseconds). */
export function createRateLimiter(option: Partial<RateLimits> | boolean | undefined, now: () => number): RateLimiter {
  let current = resolveRateLimits(option);
  let global: number[] = [];
  let paid: number[] = [];
  let perChat = new Map<number, number[]>();
  let perGroup = new Map<number, number[]>();

  const stampsOf = (map: Map<number, number[]>, chatId: number): number[] => {
    let stamps = map.get(chatId);
    if (stamps === undefined) {
      stamps = [];
      map.set(chatId, stamps);
    }
    return stamps;
  };

  const clear = (): void => {
    global = [];
    paid = [];
    perChat = new Map();
    perGroup = new Map();
  };

  return {
    acquire(chatId, isGroup, paidBroadcast = false) {
      if (current === undefined) return undefined;
      const t = now();
      const overall = paidBroadcast ? paid : global;
      const chatStamps = stampsOf(perChat, chatId);
      const groupStamps = isGroup ? stampsOf(perGroup, chatId) : undefined;
      const waits = [
        waitFor(overall, paidBroadcast ? current.paidBroadcastPerSecond : current.globalPerSecond, 1000, t),
        waitFor(chatStamps, current.perChatPerSecond, 1000, t),
        groupStamps === undefined ? undefined : waitFor(groupStamps, current.perGroupPerMinute, 60_000, t),
      ].filter((wait): wait is number => wait !== undefined);
      if (waits.length > 0) return Math.max(...waits);
      overall.push(t);
      chatStamps.push(t);
      groupStamps?.push(t);
      return undefined;
    },
    limits: () => (current === undefined ? undefined : { ...current }),
    configure(limits) {
      current = resolveRateLimits(limits);
      clear();
    },
    clear,
  };
}
