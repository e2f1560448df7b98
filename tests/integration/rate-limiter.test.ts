import { afterAll, describe, expect, it } from 'vitest';
import { createRedisRateLimiter, pacingFor } from '../../src/delivery/rate-limiter';
import { openTestRedis } from '../helpers/redis';

// The limiter's decisions run in Redis on an injected clock: each test steps a virtual time, so the pace is checked
// exactly and without timing the test itself.
const test = openTestRedis('limiter');
afterAll(() => test.cleanup());

let scope = 0;
/** A fresh key space per test (the limiter's state lives under the prefix). */
function keysForTest() {
  scope += 1;
  const keys = test.keys;
  const tag = `t${scope}`;
  return {
    ...keys,
    rateGlobal: () => `${keys.rateGlobal()}:${tag}`,
    rateLog: () => `${keys.rateLog()}:${tag}`,
    ratePaid: () => `${keys.ratePaid()}:${tag}`,
    ratePaidLog: () => `${keys.ratePaidLog()}:${tag}`,
    rateUrgent: () => `${keys.rateUrgent()}:${tag}`,
    ratePause: () => `${keys.ratePause()}:${tag}`,
    rateChat: (id: number | string) => keys.rateChat(`${tag}:${id}`),
  };
}

/** The most grants in any window (t − windowMs, t]. */
function maxInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[start]! <= times[end]! - windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe('Redis rate limiter on a virtual clock', () => {
  /** 600 broadcasts in turn on a virtual clock whose every wake-up fires 0 to `maxLateMs` − 1 ms late: grant times. */
  async function grantsWithLateTimers(maxLateMs: number): Promise<number[]> {
    let clock = 1_800_000_000_000;
    let late = 0;
    const limiter = createRedisRateLimiter({
      redis: test.redis,
      keys: keysForTest(),
      perSecond: 30,
      now: () => clock,
      // Timers fire late, in a fixed pseudo-random pattern.
      sleep: async (ms) => {
        late = (late * 7 + 3) % maxLateMs;
        clock += ms + late;
      },
    });
    const grants: number[] = [];
    for (let i = 0; i < 600; i++) {
      await limiter.acquire(1000 + i, false, { priority: 'broadcast' });
      grants.push(clock);
    }
    return grants;
  }

  const ratePerSecond = (grants: readonly number[]) => (grants.length - 1) / ((grants.at(-1)! - grants[0]!) / 1000);

  it('sends at 97%+ of 30/s and never more than 30 in any second, even when every wake-up is late', async () => {
    const grants = await grantsWithLateTimers(10);
    expect(maxInWindow(grants, 1000)).toBeLessThanOrEqual(30);
    expect(ratePerSecond(grants)).toBeGreaterThanOrEqual(0.97 * 30);
    expect(ratePerSecond(grants)).toBeLessThanOrEqual(30);
  });

  it('does not let late timers pile up: 98.5%+ of 30/s with every wake-up 0–14 ms late, never more than 30 in a second', async () => {
    const grants = await grantsWithLateTimers(15);
    expect(maxInWindow(grants, 1000)).toBeLessThanOrEqual(30);
    expect(ratePerSecond(grants)).toBeGreaterThanOrEqual(0.985 * 30);
  });

  it('keeps one chat to one message a second', async () => {
    let clock = 1_800_000_000_000;
    const limiter = createRedisRateLimiter({ redis: test.redis, keys: keysForTest(), perSecond: 30, now: () => clock, sleep: async (ms) => void (clock += ms) });
    const grants: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire(77, false);
      grants.push(clock);
    }
    expect(maxInWindow(grants, 1000)).toBe(1);
    expect(grants.at(-1)! - grants[0]!).toBeLessThan(4 * 1100);
  });

  it('gives a waiting reply the next free slot ahead of a broadcast that asked first', async () => {
    let clock = 1_800_000_000_000;
    const keys = keysForTest();
    const order: Array<[string, number]> = [];
    let releaseReply: (() => void) | undefined;
    let replyWakesAt = 0;
    let replyDone: Promise<void> = Promise.resolve();
    const broadcast = createRedisRateLimiter({
      redis: test.redis,
      keys,
      perSecond: 30,
      now: () => clock,
      sleep: async (ms) => {
        const wakesAt = clock + ms;
        // Two processes sleeping at once: whichever timer fires first asks first.
        const release = releaseReply;
        releaseReply = undefined;
        if (release && replyWakesAt <= wakesAt) {
          clock = replyWakesAt;
          release();
          await replyDone;
        }
        clock = Math.max(clock, wakesAt);
      },
    });
    const reply = createRedisRateLimiter({
      redis: test.redis,
      keys,
      perSecond: 30,
      now: () => clock,
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          // Its timer fires 2 ms late: the broadcast, waiting for the same slot, asks first.
          replyWakesAt = clock + ms + 2;
          releaseReply = resolve;
        }),
    });
    await broadcast.acquire(1, false, { priority: 'broadcast' });
    order.push(['broadcast 1', clock]);
    const start = clock;
    // The reply asks before its slot: it waits, and says so to every process.
    replyDone = reply.acquire(2, false).then(() => void order.push(['reply', clock]));
    await new Promise((resolve) => setTimeout(resolve, 0));
    while (releaseReply === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
    await broadcast.acquire(3, false, { priority: 'broadcast' });
    order.push(['broadcast 2', clock]);
    await replyDone;
    expect(order.map(([who]) => who)).toEqual(['broadcast 1', 'reply', 'broadcast 2']);
    const gap = pacingFor(30).gapMs;
    expect(order[1]![1] - start).toBeLessThanOrEqual(Math.ceil(gap) + 3);

  });

  it('with the pace off, sends to many chats at once but still keeps each chat to one a second and holds a 429 pause', async () => {
    let clock = 1_800_000_000_000;
    const limiter = createRedisRateLimiter({ redis: test.redis, keys: keysForTest(), perSecond: 'off', now: () => clock, sleep: async (ms) => void (clock += ms) });
    const start = clock;
    await Promise.all(Array.from({ length: 500 }, (_, i) => limiter.acquire(9000 + i, false, { priority: 'broadcast' })));
    expect(clock).toBe(start); // 500 chats, no global wait
    const one: number[] = [];
    for (let i = 0; i < 3; i++) {
      await limiter.acquire(77, false);
      one.push(clock);
    }
    expect(maxInWindow(one, 1000)).toBe(1);
    await limiter.acquire(88, true);
    const groupAt = clock;
    await limiter.acquire(88, true);
    expect(clock - groupAt).toBeGreaterThanOrEqual(3000); // twenty a minute per group
    clock += 5000;
    const pausedAt = clock;
    await limiter.pauseAll(2000);
    await limiter.acquire(12345, false, { priority: 'broadcast' });
    expect(clock - pausedAt).toBeGreaterThanOrEqual(2000);
  });

  it('pauses everything for a 429, then paces slower for a few seconds and recovers (AIMD)', async () => {
    let clock = 1_800_000_000_000;
    const limiter = createRedisRateLimiter({ redis: test.redis, keys: keysForTest(), perSecond: 30, now: () => clock, sleep: async (ms) => void (clock += ms) });
    let chat = 0;
    const burst = async (count: number) => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        await limiter.acquire(++chat, false, { priority: 'broadcast' });
        times.push(clock);
      }
      return times;
    };
    await burst(60);
    const pausedAt = clock;
    await limiter.pauseAll(2000);
    const after = await burst(31);
    expect(after[0]! - pausedAt).toBeGreaterThanOrEqual(2000);
    const slowRate = (after.length - 1) / ((after.at(-1)! - after[0]!) / 1000);
    clock += 20_000;
    const recovered = await burst(60);
    const fullRate = (recovered.length - 1) / ((recovered.at(-1)! - recovered[0]!) / 1000);
    expect(slowRate).toBeLessThan(28);
    expect(fullRate).toBeGreaterThan(29);
  });

  it('lets the grants of one process go in the order they were granted, even when one timer fires late', async () => {
    let clock = 1_900_000_000_000;
    let slowOnce = true;
    // The clock moves at once; the first wait for a slot ahead also takes 40 ms of real time, as a timer does that
    // fires late on a busy event loop. The replies granted after it must not overtake it.
    const sleep = async (ms: number) => {
      clock += ms;
      const slow = slowOnce;
      slowOnce = false;
      await new Promise((resolve) => setTimeout(resolve, slow ? 40 : 0));
    };
    const limiter = createRedisRateLimiter({ redis: test.redis, keys: keysForTest(), perSecond: 200, now: () => clock, sleep });
    const served: string[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => limiter.acquire(300 + i, false).then(() => void served.push(`reply ${i}`))));
    expect(served).toEqual(Array.from({ length: 6 }, (_, i) => `reply ${i}`));
  });

  it('paces paid broadcasts on a lane of their own at the paid rate', async () => {
    let clock = 1_800_000_000_000;
    const limiter = createRedisRateLimiter({ redis: test.redis, keys: keysForTest(), perSecond: 30, paidPerSecond: 200, now: () => clock, sleep: async (ms) => void (clock += ms) });
    const paid: number[] = [];
    for (let i = 0; i < 600; i++) {
      await limiter.acquire(5000 + i, false, { priority: 'broadcast', paid: true });
      paid.push(clock);
    }
    expect(maxInWindow(paid, 1000)).toBeLessThanOrEqual(200);
    expect((paid.length - 1) / ((paid.at(-1)! - paid[0]!) / 1000)).toBeGreaterThan(190);
    // A reply meanwhile is not held up by the paid lane's pace.
    const before = clock;
    await limiter.acquire(9, false);
    expect(clock).toBe(before);
  });

  it('serves many waiting replies of one process in the order they came, asking Redis about once each, ahead of broadcasts', async () => {
    const keys = keysForTest();
    let asks = 0;
    // The real connection, counting the limiter's script calls (EVALSHA) on their way through.
    const counting = new Proxy(test.redis, {
      get(target, name) {
        if (name === 'evalsha') return (...args: Parameters<typeof target.evalsha>) => ((asks += 1), target.evalsha(...args));
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    // A grant that comes back late is given up and asked for again, behind the next sender (a loaded CI machine does
    // that): the order of the line is what is checked here, so no grant counts as late.
    const bot = createRedisRateLimiter({ redis: counting, keys, perSecond: 200, lateMs: Number.POSITIVE_INFINITY });
    const worker = createRedisRateLimiter({ redis: test.redis, keys, perSecond: 200 });
    const served: string[] = [];
    const replies = Array.from({ length: 40 }, (_, i) => bot.acquire(100 + i, false).then(() => void served.push(`reply ${i}`)));
    let stop = false;
    const broadcasts = (async () => {
      for (let i = 0; !stop; i++) {
        await worker.acquire(500 + i, false, { priority: 'broadcast' });
        served.push(`broadcast ${i}`);
      }
    })();
    await Promise.all(replies);
    stop = true;
    await broadcasts;
    const order = served.filter((who) => who.startsWith('reply'));
    expect(order).toEqual(Array.from({ length: 40 }, (_, i) => `reply ${i}`));
    // At most the broadcast that asked before the first reply said it was waiting goes ahead of the last reply.
    expect(served.indexOf('reply 39') - 39).toBeLessThanOrEqual(1);
    // Each reply asks once for its turn, plus the head's asks again while it waits for the next gap.
    expect(asks).toBeLessThanOrEqual(3 * 40);
  });
});

describe('Redis rate limiter on the real clock', () => {
  it('paces from the time a send was written: a send held up after its grant keeps a whole window before the one a window later', async () => {
    // Two a second (one send per 500 ms, at most 2 in any 1,015 ms): the third send is the first one's next in the window.
    const limiter = createRedisRateLimiter({ redis: test.redis, keys: keysForTest(), perSecond: 2 });
    const first = await limiter.acquire(1, false);
    // A pause between the grant and the write (a busy event loop): Telegram counts the message when it arrives.
    await new Promise((resolve) => setTimeout(resolve, 60));
    const firstWritten = performance.now();
    first?.sent();
    (await limiter.acquire(2, false))?.sent();
    (await limiter.acquire(3, false))?.sent();
    const thirdWritten = performance.now();
    // From its slot, the third would have gone 1,015 ms after the first's grant: about 955 ms after it was written.
    expect(thirdWritten - firstWritten).toBeGreaterThanOrEqual(1000);
  });
});
