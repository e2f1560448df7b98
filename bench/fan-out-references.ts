// The references the product's fan-out is measured against, each in the same run, against the same emulator settings
// (30/s over any sliding second, 1/s per chat, 50–100 ms latency), to the same N chats, with the same reply probe:
// a sequential `for … await sendMessage` loop, a 30/s token bucket with concurrency that honours retry_after, and
// BullMQ's own limiter set as its docs show.
import { Queue, Worker } from 'bullmq';
import { Telegram, TelegramError } from 'telegraf';
import { startEmulatorProcess } from './emulator-process';
import { benchPrefix, deletePrefix, median, openRedis, sleep, withTimeout } from './lib';

export const PER_SECOND = 30;
export const LATENCY = { min: 50, max: 100 };
/** A command reply is sent this often while a fan-out runs. */
export const PROBE_EVERY_MS = 2000;
const FIRST_CHAT = 7_000_000;
const FIRST_PROBE_CHAT = 9_000_000;
/** In-flight sends of the token bucket and BullMQ workers. */
const CONCURRENCY = 10;

/** One row of the fan-out table. */
export interface FanOutRow {
  variant: string;
  n: number;
  /** From the first send's arrival at the emulator to the last one's, plus one 1/30 s gap (so even pacing at 30/s is 100%). */
  wallMs: number;
  /** N / 30 seconds. */
  floorMs: number;
  msgPerSecond: number;
  /** msg/s over 30/s, in percent. */
  shareOfLimit: number;
  /** Every message Telegram accepted between the fan-out's first and last arrival: the fan-out's and the replies'. */
  sendsInWindow: number;
  /** Those over 30/s for the same wall time, in percent: the share of Telegram's budget used, which replies share. */
  budgetShare: number;
  rejected429: number;
  /** Chats that got the message more than once. */
  duplicates: number;
  missing: number;
  /** Update → sendMessage at the emulator, before the fan-out and during it (ms). */
  replyIdleP50: number;
  replyP50: number;
  replyMax: number;
  probes: number;
}

/**
 * Wall, floor, msg/s and share from the arrival times of the first message to each chat, and the share of the budget
 * used from the arrival times of every message accepted (fan-out and replies alike, on the same clock).
 */
export function paceOf(
  firstArrivals: readonly number[],
  n: number,
  allArrivals: readonly number[],
): Pick<FanOutRow, 'wallMs' | 'floorMs' | 'msgPerSecond' | 'shareOfLimit' | 'sendsInWindow' | 'budgetShare'> {
  const gap = 1000 / PER_SECOND;
  const first = Math.min(...firstArrivals);
  const last = Math.max(...firstArrivals);
  const wallMs = last - first + gap;
  const msgPerSecond = n / (wallMs / 1000);
  const sendsInWindow = allArrivals.filter((at) => at >= first && at <= last).length;
  return { wallMs, floorMs: n * gap, msgPerSecond, shareOfLimit: (100 * msgPerSecond) / PER_SECOND, sendsInWindow, budgetShare: (100 * sendsInWindow) / (wallMs / 1000) / PER_SECOND };
}

/** The seconds a 429 asks to wait, or undefined for any other error. */
function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof TelegramError && error.code === 429) return error.parameters?.retry_after ?? 1;
  return undefined;
}

/** A 30/s token bucket (burst 30, as such buckets are usually set) that every lane awaits; a 429 stops it for retry_after. */
function tokenBucket(perSecond: number) {
  let tokens = perSecond;
  let refilledAt = performance.now();
  let pausedUntil = 0;
  const waiters: Array<() => void> = [];
  let timer: NodeJS.Timeout | undefined;
  const pump = () => {
    timer = undefined;
    const now = performance.now();
    tokens = Math.min(perSecond, tokens + ((now - refilledAt) * perSecond) / 1000);
    refilledAt = now;
    if (now < pausedUntil) {
      timer = setTimeout(pump, pausedUntil - now);
      return;
    }
    while (waiters.length > 0 && tokens >= 1) {
      tokens -= 1;
      waiters.shift()!();
    }
    if (waiters.length > 0) timer = setTimeout(pump, ((1 - tokens) * 1000) / perSecond);
  };
  return {
    take(urgent = false): Promise<void> {
      return new Promise((resolve) => {
        if (urgent) waiters.unshift(resolve);
        else waiters.push(resolve);
        if (timer === undefined) pump();
      });
    },
    pause(ms: number) {
      pausedUntil = Math.max(pausedUntil, performance.now() + ms);
    },
  };
}

type Variant = 'sequential' | 'token-bucket' | 'bullmq';

/** Runs one reference to `n` chats and returns its row. */
export async function runReference(variant: Variant, n: number): Promise<FanOutRow> {
  const emulator = await startEmulatorProcess({ rateLimits: true, latencyMs: LATENCY, maxCallHistory: 2 * n + 1000 });
  const telegram = new Telegram(emulator.token, { apiRoot: emulator.apiRoot });
  const ids = Array.from({ length: n }, (_, i) => FIRST_CHAT + i);
  await emulator.addChats(ids.map((id) => ({ id, type: 'private', first_name: `U${id}` })));
  const targets = new Set(ids);
  const receipts = new Map<number, number[]>();
  const probeSentAt = new Map<number, number>();
  const probeWaits: number[] = [];
  const arrivals: number[] = [];
  const unsubscribe = emulator.onArrival(({ chatId, at }) => {
    arrivals.push(at);
    const started = probeSentAt.get(chatId);
    if (started !== undefined) {
      probeSentAt.delete(chatId);
      probeWaits.push(at - started);
    }
    if (!targets.has(chatId)) return;
    const list = receipts.get(chatId);
    if (list) list.push(at);
    else receipts.set(chatId, [at]);
  });
  const redis = variant === 'bullmq' ? openRedis() : undefined;
  const prefix = benchPrefix('fanout-ref');
  let queue: Queue | undefined;
  let worker: Worker | undefined;
  try {
    const bucket = tokenBucket(PER_SECOND);
    /** Sends one message as this reference does; a reply takes the front of the line where the reference has one. */
    let sendVia: (chatId: number, urgent: boolean) => Promise<void>;
    const sendOnce = async (chatId: number) => {
      await telegram.sendMessage(chatId, 'Beijing announces new Belt and Road rail link to Almaty');
    };
    if (variant === 'sequential') {
      // The loop has no limiter: a reply is just another sendMessage beside it.
      sendVia = async (chatId) => {
        for (;;) {
          try {
            return await sendOnce(chatId);
          } catch (error) {
            const retry = retryAfterOf(error);
            if (retry === undefined) throw error;
            await sleep(retry * 1000);
          }
        }
      };
    } else if (variant === 'token-bucket') {
      sendVia = async (chatId, urgent) => {
        for (;;) {
          await bucket.take(urgent);
          try {
            return await sendOnce(chatId);
          } catch (error) {
            const retry = retryAfterOf(error);
            if (retry === undefined) throw error;
            bucket.pause(retry * 1000);
          }
        }
      };
    } else {
      const connection = redis!;
      queue = new Queue('fanout-ref', { connection, prefix });
      const w: Worker = new Worker(
        'fanout-ref',
        async (job) => {
          try {
            await sendOnce((job.data as { chatId: number }).chatId);
          } catch (error) {
            const retry = retryAfterOf(error);
            if (retry === undefined) throw error;
            // As BullMQ's docs show for an API that answers "rate limited": stop the whole queue, then requeue this job.
            await w.rateLimit(retry * 1000);
            throw Worker.RateLimitError();
          }
        },
        { connection, prefix, concurrency: CONCURRENCY, limiter: { max: PER_SECOND, duration: 1000 } },
      );
      worker = w;
      await w.waitUntilReady();
      // Replies go ahead of the broadcast with BullMQ's priorities (lower number first).
      sendVia = async (chatId, urgent) => {
        await queue!.add('send', { chatId }, { priority: urgent ? 1 : 2, removeOnComplete: true });
      };
    }

    let probeChat = FIRST_PROBE_CHAT;
    const probe = async (): Promise<void> => {
      const chatId = probeChat++;
      await emulator.addChats([{ id: chatId, type: 'private', first_name: 'Probe' }]);
      probeSentAt.set(chatId, Date.now());
      return sendVia(chatId, true);
    };
    for (let i = 0; i < 5; i++) {
      await probe();
      await withTimeout(
        (async () => {
          while (probeWaits.length <= i) await sleep(5);
        })(),
        10_000,
        'idle reply',
      );
      await sleep(1100);
    }
    const replyIdle = probeWaits.splice(0);

    const probes = setInterval(() => void probe().catch((error: unknown) => console.error('probe failed:', error)), PROBE_EVERY_MS);
    try {
      if (variant === 'sequential') {
        for (const id of ids) await sendVia(id, false);
      } else if (variant === 'token-bucket') {
        let next = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < ids.length) await sendVia(ids[next++]!, false);
          }),
        );
      } else {
        await queue!.addBulk(ids.map((chatId) => ({ name: 'send', data: { chatId }, opts: { priority: 2, removeOnComplete: true } })));
      }
      await withTimeout(
        (async () => {
          while (receipts.size < n) await sleep(50);
        })(),
        (n / PER_SECOND) * 4000 + 60_000,
        `${variant} fan-out to ${n} chats`,
      );
    } finally {
      clearInterval(probes);
    }
    await sleep(1000);
    await emulator.flush();
    const firsts = [...receipts.values()].map((list) => list[0]!);
    return {
      variant,
      n,
      ...paceOf(firsts, n, arrivals),
      rejected429: (await emulator.stats()).rejected429,
      duplicates: [...receipts.values()].filter((list) => list.length > 1).length,
      missing: n - receipts.size,
      replyIdleP50: median(replyIdle),
      replyP50: median(probeWaits),
      replyMax: Math.max(...probeWaits),
      probes: probeWaits.length,
    };
  } finally {
    unsubscribe();
    if (worker) await worker.close(true).catch(() => undefined);
    if (queue) {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close().catch(() => undefined);
    }
    await emulator.stop().catch(() => undefined);
    if (redis) {
      await deletePrefix(redis, prefix).catch(() => undefined);
      await redis.quit().catch(() => undefined);
    }
  }
}
