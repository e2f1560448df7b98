// Plans a digest wave for N subscribed chats on one Redis: seeds the digest schedule directly, then times
// planDueDigests with a real BullMQ-backed enqueue, split by step.
import { createQueues } from '../jobs/queues';
import type { ChatStore } from '../src/chats/chat-store';
import { planDueDigests, type EnqueueBatches } from '../src/delivery/planners';
import { enqueueBatches } from '../jobs/delivery-worker';
import { loadConfig } from '../src/config/config';
import { createCore, type Core } from '../src/core';
import type { Keys } from '../src/storage/keys';
import type { Redis } from '../src/storage/redis';
import {
  benchPrefix,
  deletePrefix,
  fmt,
  mb,
  median,
  nowMs,
  openRedis,
  parseSizes,
  printTable,
  settleMemory,
  usedMemory,
  withTimeout,
  type BenchOutcome,
} from './lib';

/** ~50 zones, weighted towards the bot's audience (Kazakhstan, China, Indonesia, Russia) with a long tail. */
const ZONES: ReadonlyArray<[string, number]> = [
  ['Asia/Almaty', 180], ['Asia/Qostanay', 20], ['Asia/Aqtobe', 25], ['Asia/Aqtau', 15], ['Asia/Oral', 10],
  ['Asia/Atyrau', 10], ['Asia/Qyzylorda', 10], ['Asia/Shanghai', 120], ['Asia/Hong_Kong', 30], ['Asia/Taipei', 15],
  ['Asia/Urumqi', 10], ['Asia/Jakarta', 80], ['Asia/Makassar', 15], ['Asia/Jayapura', 5], ['Europe/Moscow', 70],
  ['Asia/Yekaterinburg', 15], ['Asia/Novosibirsk', 15], ['Asia/Omsk', 10], ['Asia/Tashkent', 25], ['Asia/Bishkek', 20],
  ['Asia/Dushanbe', 5], ['Asia/Ashgabat', 5], ['Asia/Ulaanbaatar', 5], ['Asia/Tokyo', 15], ['Asia/Seoul', 10],
  ['Asia/Singapore', 15], ['Asia/Kuala_Lumpur', 10], ['Asia/Bangkok', 10], ['Asia/Ho_Chi_Minh', 5], ['Asia/Manila', 5],
  ['Asia/Kolkata', 20], ['Asia/Karachi', 5], ['Asia/Dubai', 10], ['Asia/Tbilisi', 5], ['Asia/Baku', 5],
  ['Europe/Istanbul', 10], ['Europe/Kyiv', 5], ['Europe/Berlin', 20], ['Europe/London', 20], ['Europe/Paris', 10],
  ['Europe/Madrid', 5], ['Europe/Warsaw', 5], ['Europe/Amsterdam', 5], ['Africa/Cairo', 5], ['Africa/Nairobi', 3],
  ['America/New_York', 20], ['America/Chicago', 5], ['America/Los_Angeles', 10], ['America/Sao_Paulo', 5],
  ['Australia/Sydney', 5], ['UTC', 40], ['UTC+6', 5], ['UTC+5', 5],
];

/** A few schedules, most chats on the default morning digest. */
const SCHEDULES: ReadonlyArray<[string, number]> = [
  ['08:00', 55],
  ['08:00,20:00', 20],
  ['07:30,12:30,19:00', 10],
  ['09:00', 8],
  ['06:00,18:00', 5],
  ['07:00,10:00,13:00,16:00,19:00,22:00', 2],
];

/** A small deterministic PRNG, so two runs seed the same mix. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weightedPicker(entries: ReadonlyArray<[string, number]>, random: () => number): () => string {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  return () => {
    let r = random() * total;
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  };
}

/**
 * Writes N members "chatId:shape" (the format memberOf() in chat-store.ts uses; shape indexes "zone|times" in the
 * shared shape table, written here as the store writes it) into the digest schedule, all scored at `dueAt`, with
 * pipelined ZADDs in chunks. Chat ids: 90% private users, 10% supergroups.
 */
async function seedSchedule(redis: Redis, keys: Keys, n: number, dueAt: number): Promise<void> {
  const random = mulberry32(0x5111c);
  const zone = weightedPicker(ZONES, random);
  const times = weightedPicker(SCHEDULES, random);
  const chunk = 5000;
  const chunksPerPipeline = 20;
  const shapes = new Map<string, number>();
  const shapeOf = (shape: string) => {
    let index = shapes.get(shape);
    if (index === undefined) shapes.set(shape, (index = shapes.size + 1));
    return index;
  };
  let pipeline = redis.pipeline();
  let queued = 0;
  for (let start = 0; start < n; start += chunk) {
    const args: Array<string | number> = [];
    for (let i = start; i < Math.min(n, start + chunk); i++) {
      const chatId = i % 10 === 9 ? -1_001_000_000_000 - i : 100_000_000 + i * 7;
      args.push(dueAt, `${chatId}:${shapeOf(`${zone()}|${times()}`)}`);
    }
    pipeline.zadd(keys.digestDue(), ...args);
    if (++queued === chunksPerPipeline) {
      await execOrThrow(pipeline);
      pipeline = redis.pipeline();
      queued = 0;
    }
  }
  if (queued > 0) await execOrThrow(pipeline);
  const table: string[] = ['#', String(shapes.size)];
  for (const [shape, index] of shapes) table.push(shape, String(index), String(index), shape);
  await redis.hset(keys.digestShapes(), ...table);
}

async function execOrThrow(pipeline: ReturnType<Redis['pipeline']>): Promise<void> {
  for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
}

/** Where the planning time went, in ms. */
interface Split {
  read: number;
  toBatches: number;
  addBulk: number;
  nextTimes: number;
  reschedule: number;
  pages: number;
}

/** One measured wave. */
interface WaveResult {
  chats: number;
  run: number;
  seedMs: number;
  planMs: number;
  batches: number;
  jobs: number;
  memBefore: number;
  memSeeded: number;
  memPlanned: number;
  split: Split;
  stillDue: number;
  scheduled: number;
}

/**
 * Wraps the store and the enqueue to time each step of planDueDigests. The gaps between the wrapped calls are the
 * planner's own work: dueDigests → enqueue is toBatches (sha1 of each batch), enqueue → reschedule is the next times.
 */
function instrument(base: ChatStore, enqueue: EnqueueBatches): { chats: ChatStore; enqueue: EnqueueBatches; split: Split } {
  const split: Split = { read: 0, toBatches: 0, addBulk: 0, nextTimes: 0, reschedule: 0, pages: 0 };
  let mark = nowMs();
  const chats: ChatStore = {
    ...base,
    async dueDigests(now, limit) {
      const start = nowMs();
      const due = await base.dueDigests(now, limit);
      mark = nowMs();
      split.read += mark - start;
      split.pages += 1;
      return due;
    },
    async reschedule(entries) {
      const start = nowMs();
      split.nextTimes += start - mark;
      await base.reschedule(entries);
      mark = nowMs();
      split.reschedule += mark - start;
    },
  };
  const timedEnqueue: EnqueueBatches = async (batches) => {
    const start = nowMs();
    split.toBatches += start - mark;
    await enqueue(batches);
    mark = nowMs();
    split.addBulk += mark - start;
  };
  return { chats, enqueue: timedEnqueue, split };
}

/** The core as the app builds it, on the bench's Redis and prefix (no Telegram is called). */
function benchCore(redis: Redis, prefix: string): Core {
  return createCore(loadConfig({ REDIS_PREFIX: prefix }), redis);
}

async function runWave(n: number, run: number): Promise<WaveResult> {
  const redis = openRedis();
  const prefix = benchPrefix('plan');
  const core = benchCore(redis, prefix);
  const { keys } = core;
  const queues = createQueues({ connection: redis, prefix });
  try {
    await settleMemory(redis);
    const memBefore = await usedMemory(redis);
    // Every chat is due at the start of the current minute; the plan runs a few seconds into it, as the 10 s tick would.
    const dueAt = Math.floor(Date.now() / 60_000) * 60_000;
    const seedStart = nowMs();
    await seedSchedule(redis, keys, n, dueAt);
    const seedMs = nowMs() - seedStart;
    const memSeeded = await usedMemory(redis);

    const { chats, enqueue, split } = instrument(core.chatStore, enqueueBatches(queues));
    const now = Date.now();
    const planStart = nowMs();
    const planned = await planDueDigests({ chats, enqueue }, now);
    const planMs = nowMs() - planStart;
    const memPlanned = await usedMemory(redis);

    const counts = await queues.delivery.getJobCounts('waiting', 'delayed', 'prioritized');
    const jobs = Object.values(counts).reduce((sum, c) => sum + c, 0);
    const stillDue = await redis.zcount(keys.digestDue(), '-inf', now);
    const scheduled = await redis.zcard(keys.digestDue());
    if (planned.chats !== n) throw new Error(`planned ${planned.chats} chats, seeded ${n}`);
    return { chats: n, run, seedMs, planMs, batches: planned.batches, jobs, memBefore, memSeeded, memPlanned, split, stillDue, scheduled };
  } finally {
    await queues.delivery.obliterate({ force: true }).catch((error: unknown) => console.error('obliterate failed:', error));
    await queues.close().catch(() => undefined);
    await deletePrefix(redis, prefix).catch((error: unknown) => console.error(`cleanup of ${prefix} failed:`, error));
    await redis.quit().catch(() => undefined);
  }
}

/**
 * Two planners over one wave, the second starting halfway through the first: what happens when a plan-digests run
 * outlasts DIGEST_PLAN_EVERY_MS (the scheduler adds the next run when this one starts, and the worker runs 8 jobs at
 * once). Returns how many chats both planned.
 */
async function runOverlap(n: number): Promise<{ chats: number; planA: number; planB: number; twice: number; jobs: number }> {
  const redis = openRedis();
  const prefix = benchPrefix('plan-overlap');
  const core = benchCore(redis, prefix);
  const { keys } = core;
  const queues = createQueues({ connection: redis, prefix });
  try {
    const dueAt = Math.floor(Date.now() / 60_000) * 60_000;
    await seedSchedule(redis, keys, n, dueAt);
    const pages = Math.ceil(n / 10_000);
    const a = instrument(core.chatStore, enqueueBatches(queues));
    const now = Date.now();
    // As the plan-digests job runs it: under the planner lock, so an overlapping run is skipped.
    const first = core.exclusive.run('digests', 300_000, () => planDueDigests({ chats: a.chats, enqueue: a.enqueue }, now));
    while (a.split.pages < Math.ceil(pages / 2)) await new Promise((resolve) => setTimeout(resolve, 1));
    const second = createCore(core.config, redis).exclusive.run('digests', 300_000, () => planDueDigests({ chats: core.chatStore, enqueue: enqueueBatches(queues) }, now + 10_000));
    const [resultA, resultB] = await Promise.all([first, second]);
    const planA = resultA ?? { chats: 0 };
    const planB = resultB ?? { chats: 0 };
    const counts = await queues.delivery.getJobCounts('waiting', 'delayed', 'prioritized');
    const jobs = Object.values(counts).reduce((sum, c) => sum + c, 0);
    return { chats: n, planA: planA.chats, planB: planB.chats, twice: planA.chats + planB.chats - n, jobs };
  } finally {
    await queues.delivery.obliterate({ force: true }).catch((error: unknown) => console.error('obliterate failed:', error));
    await queues.close().catch(() => undefined);
    await deletePrefix(redis, prefix).catch((error: unknown) => console.error(`cleanup of ${prefix} failed:`, error));
    await redis.quit().catch(() => undefined);
  }
}

const pct = (part: number, total: number) => `${fmt((100 * part) / total, 0)}%`;

/** Runs the plan-wave bench for each size (default 100,000 ×3 and 1,000,000 ×2). */
export async function runPlanWave(options: Map<string, string>): Promise<BenchOutcome> {
  const sizes = parseSizes(options.get('sizes'), [100_000, 1_000_000]);
  const runsFor = (n: number) => Number(options.get('runs') ?? (n >= 1_000_000 ? 2 : 3));
  console.log(`plan-wave: planDueDigests over ${sizes.map((n) => fmt(n)).join(', ')} due digest chats (${ZONES.length} zones, ${SCHEDULES.length} schedules), BullMQ addBulk of deliver-batch jobs`);
  const results: WaveResult[] = [];
  for (const n of sizes) {
    for (let run = 1; run <= runsFor(n); run++) {
      const result = await withTimeout(runWave(n, run), 240_000 + n / 5, `plan-wave ${n}`);
      results.push(result);
      const s = result.split;
      console.log(
        `  ${fmt(n)} run ${run}: seed ${fmt(result.seedMs / 1000, 1)} s, plan ${fmt(result.planMs / 1000, 2)} s, ${fmt(result.batches)} batches / ${fmt(result.jobs)} jobs, ` +
          `${s.pages} pages; still due after plan: ${result.stillDue}, in schedule: ${fmt(result.scheduled)}`,
      );
    }
  }

  console.log('');
  printTable(
    ['chats', 'run', 'plan s', 'chats/s', 'jobs', 'read', 'toBatches', 'addBulk', 'nextTimes', 'reschedule', 'mem before', 'seeded', 'after plan', 'jobs mem/job'],
    results.map((r) => {
      const s = r.split;
      return [
        fmt(r.chats),
        String(r.run),
        fmt(r.planMs / 1000, 2),
        fmt(r.chats / (r.planMs / 1000)),
        fmt(r.jobs),
        `${fmt(s.read / 1000, 2)} s ${pct(s.read, r.planMs)}`,
        `${fmt(s.toBatches / 1000, 2)} s ${pct(s.toBatches, r.planMs)}`,
        `${fmt(s.addBulk / 1000, 2)} s ${pct(s.addBulk, r.planMs)}`,
        `${fmt(s.nextTimes / 1000, 2)} s ${pct(s.nextTimes, r.planMs)}`,
        `${fmt(s.reschedule / 1000, 2)} s ${pct(s.reschedule, r.planMs)}`,
        mb(r.memBefore),
        mb(r.memSeeded),
        mb(r.memPlanned),
        `${fmt((r.memPlanned - r.memSeeded) / Math.max(1, r.jobs) / 1000, 1)} kB`,
      ];
    }),
  );

  const bySize = sizes.map((n) => {
    const runs = results.filter((r) => r.chats === n);
    const times = runs.map((r) => r.planMs);
    return { n, planMs: median(times), min: Math.min(...times), max: Math.max(...times), jobs: runs[0]?.jobs ?? 0, runs: runs.length };
  });
  const spread = (s: (typeof bySize)[number]) =>
    s.runs > 1 ? `${s.runs} runs ${fmt(s.min / 1000, 2)}–${fmt(s.max / 1000, 2)} s` : '1 run';
  const parts = bySize.map((s) => `${fmt(s.n)} chats → ${fmt(s.planMs / 1000, 2)} s (${fmt(s.n / (s.planMs / 1000))} chats/s, ${fmt(s.jobs)} jobs; ${spread(s)})`);
  let scaling = '';
  if (bySize.length >= 2) {
    const a = bySize[0]!;
    const b = bySize[bySize.length - 1]!;
    scaling = `; ${fmt(b.n / a.n, 0)}× chats took ${fmt(b.planMs / a.planMs, 1)}× the time`;
  }
  let overlap = '';
  if (options.get('overlap') !== 'false') {
    const o = await withTimeout(runOverlap(100_000), 120_000, 'plan-wave overlap');
    console.log(
      `\n  overlap (planner lock, as the plan-digests job runs): a second planner started halfway through a ${fmt(o.chats)}-chat wave planned ${fmt(o.planB)} chats; ` +
        `the first planned ${fmt(o.planA)}; ${fmt(o.twice)} chats were planned twice (${fmt(o.jobs)} jobs for ${fmt(o.chats / 100)} batches)`,
    );
    overlap = `; overlapping planners: ${fmt(o.twice)} of ${fmt(o.chats)} chats planned twice`;
  }
  const summary = `plan-wave: ${parts.join('; ')}${scaling}${overlap}`;
  console.log(`\n${summary}`);
  return { name: 'plan-wave', summary };
}
