// Redis memory per subscribed chat: seeds N chats (two topics, one digest time each, a watermark as after their first
// digest) through the real chat store and chat lock, and divides the growth of used_memory by N.
import { randomBytes } from 'node:crypto';
import { createRedisChatStore } from '../src/chats/chat-store';
import { createRedisChatLock } from '../src/storage/locks';
import { createKeys } from '../src/storage/keys';
import { deletePrefix, fmt, mb, openRedis, parseSizes, settleMemory, usedMemory, withTimeout, type BenchOutcome } from './lib';

/** The product's target: Redis bytes per subscribed chat, everything it keeps per chat included. */
const TARGET_BYTES_PER_CHAT = 200;

const ZONES = ['Asia/Almaty', 'Asia/Shanghai', 'Asia/Jakarta', 'Europe/Moscow', 'Asia/Aqtobe', 'UTC', 'Asia/Tashkent', 'Europe/Berlin'];
const TIMES = ['08:00', '08:00', '08:00', '09:00', '07:30', '20:00'];

/** Seeds chat i the way /start, /subscribe kazakhstan china and a first digest leave it. */
async function seedChat(store: ReturnType<typeof createRedisChatStore>, lock: ReturnType<typeof createRedisChatLock>, i: number, now: number): Promise<void> {
  const id = i % 10 === 9 ? -1_001_000_000_000 - i : 100_000_000 + i * 7;
  await store.ensure(id, { type: id < 0 ? 'supergroup' : 'private', topics: [], mode: 'digest', times: [TIMES[i % TIMES.length]!], zone: ZONES[i % ZONES.length]!, language: 'en' }, now);
  await store.update(id, (chat) => ({ ...chat, topics: ['kazakhstan', 'china'] }), now);
  // The first digest: delivered under the chat lock, which then advances the watermark and drops the sent ledger.
  const owner = `digest-${now}`;
  await lock.acquire(id, owner);
  await store.markSent(id, [`a${i}`], { chat: id, owner });
  await store.advanceWatermark(id, now, { chat: id, owner });
  await lock.release(id, owner);
}

async function measure(n: number): Promise<{ n: number; before: number; after: number; perChat: number }> {
  const redis = openRedis();
  // A prefix as long as the default one ("silkwire"), so key names cost what they cost in production.
  const prefix = `swm${randomBytes(3).toString('hex').slice(0, 5)}`;
  const keys = createKeys(prefix);
  const store = createRedisChatStore({ redis, keys });
  const lock = createRedisChatLock({ redis, keys });
  try {
    await settleMemory(redis);
    const before = await usedMemory(redis);
    const now = Date.parse('2026-11-30T06:00:00Z');
    let next = 0;
    const lane = async () => {
      while (next < n) await seedChat(store, lock, next++, now);
    };
    await Promise.all(Array.from({ length: 64 }, lane));
    await settleMemory(redis);
    const after = await usedMemory(redis);
    return { n, before, after, perChat: (after - before) / n };
  } finally {
    await deletePrefix(redis, prefix).catch((error: unknown) => console.error(`cleanup of ${prefix} failed:`, error));
    await redis.quit().catch(() => undefined);
  }
}

/** Runs the memory bench (default 100,000 chats). */
export async function runMemory(options: Map<string, string>): Promise<BenchOutcome> {
  const sizes = parseSizes(options.get('sizes'), [100_000]);
  console.log('memory: used_memory growth per subscribed chat (2 topics, 1 digest time, watermark), seeded through the chat store');
  const parts: string[] = [];
  for (const n of sizes) {
    const r = await withTimeout(measure(n), 600_000, `memory ${n}`);
    console.log(`  ${fmt(n)} chats: ${mb(r.before)} → ${mb(r.after)}, ${fmt(r.perChat, 1)} bytes per chat (target ≤ ${TARGET_BYTES_PER_CHAT})`);
    parts.push(`${fmt(n)} chats → ${fmt(r.perChat, 0)} bytes per chat (target ≤ ${TARGET_BYTES_PER_CHAT})`);
  }
  return { name: 'memory', summary: `memory: ${parts.join('; ')}` };
}
