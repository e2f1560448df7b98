// Delivers one instant alert to N chats through the real path: plan-alerts job → planAlerts → addBulk of
// deliver-batch jobs → the delivery worker → DeliveryService → Sender with the Redis rate limiter → the Bot API
// emulator with Telegram's limits on and 50–100 ms latency. Meanwhile, command replies probe the same sender.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDeliveryWorker } from '../jobs/delivery-worker';
import { createQueues } from '../jobs/queues';
import type { Article } from '../src/articles/article';
import { loadConfig } from '../src/config/config';
import { createCore, type Core } from '../src/core';
import { createRedisRateLimiter, pacingFor } from '../src/delivery/rate-limiter';
import { createKeys } from '../src/storage/keys';
import { alertPlanJobId } from '../src/jobs-contract';
import { createLogger } from '../src/observability/logger';
import { startEmulatorProcess } from './emulator-process';
import { paceOf, runReference, type FanOutRow } from './fan-out-references';
import {
  benchPrefix,
  deletePrefix,
  fmt,
  maxInWindow,
  median,
  openRedis,
  parseSizes,
  percentile,
  printTable,
  SHARED_FEEDS_DIR,
  sleep,
  withTimeout,
  type BenchOutcome,
} from './lib';

/** Telegram's documented global limit, as the app's default TELEGRAM_RATE_LIMIT. */
const PER_SECOND = 30;
const LATENCY = { min: 50, max: 100 };
const FIRST_CHAT = 7_000_000;
const FIRST_PROBE_CHAT = 9_000_000;
/** A command reply is sent this often while the fan-out runs. */
const PROBE_EVERY_MS = 2000;
/** The biggest feed of the corpus: parsing it blocks the event loop as an ingest job in the same process would. */
const BIG_FEED = resolve(SHARED_FEEDS_DIR, 'giantbomb-podcast-huge.rss');
const INGEST_EVERY_MS = 2500;

interface FanOutResult {
  n: number;
  withIngest: boolean;
  stalls: number[];
  loopDelayP99: number;
  loopDelayMax: number;
  received: number;
  missing: number;
  duplicates: number;
  extraMessages: number;
  wallMs: number;
  planMs: number;
  rateOverall: number;
  firstReceipts: number[];
  /** Every message the emulator accepted (the fan-out's and the reply probes'), Date.now() ms. */
  everyArrival: number[];
  maxWindowCalls: number;
  maxWindowAccepted: number;
  rejected429: number;
  senderRateLimited: number;
  delayP50: number;
  delayP95: number;
  delayMax: number;
  replyBaseline: number[];
  replyDuring: number[];
  lateGrants: number;
  /** The emulator process's nice value (see EMULATOR_NICE). */
  emulatorNice: number;
  outcomes: Record<string, number>;
  failedJobs: number;
  warnings: Record<string, number>;
  jobs: number;
}

/** Runs `task` over items with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** True while a read of the big feed is in the pool. */
let bigFeedInFlight = false;

/**
 * Reads the big feed as an ingest job of the same process does now: the body goes to the core's feed pool (decode,
 * parse, normalise and classify in a worker thread, INGEST_THREADS, capped at FEED_MAX_ITEMS); returns how long this
 * call held the event loop (handing the body over). A read still in the pool when the next one is due is not doubled.
 */
function ingestBigFeed(core: Core, body: Buffer): number {
  const start = Date.now();
  if (bigFeedInFlight) return 0;
  bigFeedInFlight = true;
  // The pool takes the bytes over (transfer), so each read gets its own copy, as each fetch would.
  core.feedPool
    .process({ source: { id: 'src-big', name: 'big', url: BIG_FEED }, body: Buffer.from(body), maxItems: core.config.feeds.maxItems })
    .catch((error: unknown) => console.error('big-feed ingest failed:', error))
    .finally(() => {
      bigFeedInFlight = false;
    });
  return Date.now() - start;
}

/** How the delivery worker is sized; by default as app.ts builds it (the worker's defaults). */
interface WorkerSizing {
  concurrency?: number;
  chatConcurrency?: number;
}

async function fanOutOnce(n: number, withIngest: boolean, sizing: WorkerSizing): Promise<FanOutResult> {
  const redis = openRedis();
  const prefix = benchPrefix('fanout');
  const emulator = await startEmulatorProcess({ rateLimits: true, latencyMs: LATENCY, maxCallHistory: 2 * n + 1000 });
  const { apiRoot } = emulator;
  // Warnings and errors are counted by message, so that retries and failures show in the report.
  const warnings: Record<string, number> = {};
  const logger = createLogger({
    level: 'warn',
    destination: {
      write(line: string) {
        const msg = (JSON.parse(line) as { msg?: string }).msg ?? '?';
        warnings[msg] = (warnings[msg] ?? 0) + 1;
      },
    },
  });
  let senderRateLimited = 0;
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: apiRoot, REDIS_PREFIX: prefix, TELEGRAM_RATE_LIMIT: String(PER_SECOND) });
  let lateGrants = 0;
  const limiter = createRedisRateLimiter({ redis, keys: createKeys(prefix), perSecond: PER_SECOND, onLateGrant: () => void lateGrants++ });
  const core = createCore(config, redis, {
    logger,
    limiter,
    senderEvents: { rateLimited: () => void senderRateLimited++ },
    chatConcurrency: sizing.chatConcurrency,
  });
  const { articles, sender, chats } = core;
  const queues = createQueues({ connection: redis, prefix });
  let worker: ReturnType<typeof createDeliveryWorker> | undefined;
  try {
    // N instant chats on China, each known to the emulator.
    const ids = Array.from({ length: n }, (_, i) => FIRST_CHAT + i);
    const targets = new Set(ids);
    await emulator.addChats(ids.map((id) => ({ id, type: 'private', first_name: `U${id}` })));
    await pool(ids, 50, async (id) => {
      await chats.ensure({ id, type: 'private' }, 'en');
      await chats.subscribe(id, ['china']);
      await chats.setSchedule(id, { mode: 'instant' });
    });
    // Instant alerts start from the moment of subscribing: step past it so the article is new.
    await sleep(5);
    const story: Article = {
      sourceId: 'src-bench',
      sourceName: 'Bench Wire',
      guid: `bench-${prefix}`,
      title: 'Beijing announces new Belt and Road rail link to Almaty',
      url: `https://wire.example/${prefix}/beijing-rail`,
      description: 'China and Kazakhstan agree on a second cross-border freight line.',
      publishedAt: Date.now() - 60_000,
      language: 'en',
      topics: ['china'],
    };
    await articles.save(story);

    // Command replies before the fan-out: the baseline wait (one HTTP round trip plus the limiter).
    // The wait of a reply is measured from the update to its sendMessage reaching the emulator.
    let probeChat = FIRST_PROBE_CHAT;
    const probeArrivals = new Map<number, (at: number) => void>();
    const unsubscribeProbes = emulator.onArrival(({ chatId, at }) => probeArrivals.get(chatId)?.(at));
    const probe = async (): Promise<number> => {
      const chatId = probeChat++;
      await emulator.addChats([{ id: chatId, type: 'private', first_name: 'Probe' }]);
      const start = Date.now();
      const arrived = new Promise<number>((done) => probeArrivals.set(chatId, done));
      await sender.send(chatId, 'pong');
      return (await arrived) - start;
    };
    const replyBaseline: number[] = [];
    for (let i = 0; i < 5; i++) {
      replyBaseline.push(await probe());
      await sleep(1100);
    }

    const receipts = new Map<number, number[]>();
    const accepted: number[] = [];
    const everyArrival: number[] = [];
    const unsubscribe = emulator.onArrival(({ chatId, at }) => {
      everyArrival.push(at);
      if (!targets.has(chatId)) return;
      accepted.push(at);
      const list = receipts.get(chatId);
      if (list) list.push(at);
      else receipts.set(chatId, [at]);
    });

    const outcomes: Record<string, number> = {};
    let failedJobs = 0;
    let planDoneAt = Number.NaN;
    worker = createDeliveryWorker({ core, queues, concurrency: sizing.concurrency });
    worker.on('completed', (job, result) => {
      if (job.name === 'plan-alerts') planDoneAt = Date.now();
      else if (job.name === 'deliver-batch') {
        for (const [status, count] of Object.entries(result as Record<string, number>)) outcomes[status] = (outcomes[status] ?? 0) + count;
      }
    });
    worker.on('failed', () => void failedJobs++);
    await worker.waitUntilReady();
    // A running app's feed pool started its threads at its first poll, long before a wave: start them here too, so
    // that the fan-out meets ingest at work, not the threads' one-off start-up.
    if (withIngest) await core.feedPool.process({ source: { id: 'src-warm', name: 'warm', url: BIG_FEED }, body: readFileSync(BIG_FEED), maxItems: core.config.feeds.maxItems });

    // Plan as an ingest that found something new does (without its 2 s debounce delay).
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const t0 = Date.now();
    await queues.delivery.add('plan-alerts', {}, { jobId: alertPlanJobId(t0), removeOnComplete: { count: 100 } });

    const replyDuring: Promise<number>[] = [];
    const probes = setInterval(() => replyDuring.push(probe()), PROBE_EVERY_MS);
    const stalls: number[] = [];
    const bigFeed = withIngest ? readFileSync(BIG_FEED) : undefined;
    const ingests = bigFeed ? setInterval(() => stalls.push(ingestBigFeed(core, bigFeed)), INGEST_EVERY_MS) : undefined;
    const expectedMs = n * pacingFor(PER_SECOND).gapMs;
    try {
      await withTimeout(
        (async () => {
          while (receipts.size < n) await sleep(50);
        })(),
        expectedMs * 2 + 60_000,
        `fan-out to ${n} chats`,
      );
    } finally {
      clearInterval(probes);
      clearInterval(ingests);
      loopDelay.disable();
    }
    const lastFirstReceipt = Math.max(...[...receipts.values()].map((list) => list[0]!));
    // Let every job finish (and any retry surface) before counting duplicates.
    await withTimeout(
      (async () => {
        for (;;) {
          const counts = await queues.delivery.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
          if (Object.values(counts).every((c) => c === 0)) return;
          await sleep(100);
        }
      })(),
      30_000,
      'draining the delivery queue',
    );
    await sleep(1000);
    await emulator.flush();
    unsubscribe();
    unsubscribeProbes();
    const replies = await Promise.all(replyDuring);
    const jobs = (await queues.delivery.getJobCounts('completed', 'failed')).completed ?? 0;

    const sendTimes = await emulator.callTimes('sendMessage');
    const firstReceipts = [...receipts.values()].map((list) => list[0]!);
    const delays = firstReceipts.map((at) => at - t0);
    const duplicated = [...receipts.values()].filter((list) => list.length > 1);
    const stats = await emulator.stats();
    return {
      emulatorNice: emulator.nice,
      n,
      withIngest,
      stalls,
      loopDelayP99: loopDelay.percentile(99) / 1e6,
      loopDelayMax: loopDelay.max / 1e6,
      received: receipts.size,
      missing: n - receipts.size,
      duplicates: duplicated.length,
      extraMessages: duplicated.reduce((sum, list) => sum + list.length - 1, 0),
      wallMs: lastFirstReceipt - t0,
      planMs: planDoneAt - t0,
      rateOverall: paceOf(firstReceipts, n, everyArrival).msgPerSecond,
      firstReceipts,
      everyArrival,
      maxWindowCalls: maxInWindow(sendTimes),
      maxWindowAccepted: maxInWindow(accepted),
      rejected429: stats.rejected429,
      senderRateLimited,
      delayP50: median(delays),
      delayP95: percentile(delays, 95),
      delayMax: Math.max(...delays),
      replyBaseline,
      replyDuring: replies,
      lateGrants,
      outcomes,
      failedJobs,
      warnings,
      jobs,
    };
  } finally {
    if (worker) {
      const running = worker;
      await withTimeout(running.close(), 30_000, 'closing the worker').catch(() => running.close(true));
    }
    await queues.delivery.obliterate({ force: true }).catch((error: unknown) => console.error('obliterate failed:', error));
    await queues.close().catch(() => undefined);
    await emulator.stop().catch(() => undefined);
    await core.close().catch(() => undefined);
    await deletePrefix(redis, prefix).catch((error: unknown) => console.error(`cleanup of ${prefix} failed:`, error));
    await redis.quit().catch(() => undefined);
  }
}

const ms = (value: number) => `${fmt(value)} ms`;
const label = (r: FanOutResult) => `${fmt(r.n)} chats${r.withIngest ? ' + ingest' : ''}`;

/**
 * Runs the fan-out bench for each size (default 2,000 chats), then once more at the first size while a big feed is
 * parsed on the same event loop every few seconds (skipped without the shared corpus, or with --ingest=false), then
 * the three references at each size (skipped with --refs=false), and prints one table of them all.
 */
export async function runFanOut(options: Map<string, string>): Promise<BenchOutcome> {
  const sizes = parseSizes(options.get('sizes'), [2000]);
  const runs = Number(options.get('runs') ?? 1);
  const sizing: WorkerSizing = {
    ...(options.has('concurrency') ? { concurrency: Number(options.get('concurrency')) } : {}),
    ...(options.has('chat-concurrency') ? { chatConcurrency: Number(options.get('chat-concurrency')) } : {}),
  };
  const scenarios: Array<{ n: number; withIngest: boolean }> = sizes.flatMap((n) => Array.from({ length: runs }, () => ({ n, withIngest: false })));
  if (options.get('ingest') !== 'false') {
    if (existsSync(BIG_FEED)) scenarios.push({ n: sizes[0]!, withIngest: true });
    else console.log(`NOTICE: ${BIG_FEED} not found; the fan-out-with-ingest run is skipped`);
  }
  console.log(
    `fan-out: one instant alert to ${sizes.map((n) => fmt(n)).join(' and ')} chats through the BullMQ delivery worker ` +
      `(concurrency ${sizing.concurrency ?? 4} jobs × ${sizing.chatConcurrency ?? 3} chats${Object.keys(sizing).length === 0 ? ', as the app' : ''}) → emulator with Telegram's limits (30/s sliding, 1/s per chat), ` +
      `${LATENCY.min}–${LATENCY.max} ms latency; limiter ${PER_SECOND}/s in any ${pacingFor(PER_SECOND).windowMs} ms, one send per ${fmt(pacingFor(PER_SECOND).gapMs, 1)} ms`,
  );
  const results: FanOutResult[] = [];
  for (const { n, withIngest } of scenarios) {
    const result = await fanOutOnce(n, withIngest, sizing);
    results.push(result);
    const warned = Object.entries(result.warnings).map(([msg, count]) => `${count}× "${msg}"`).join(', ') || 'none';
    const stalls = withIngest ? `; ${result.stalls.length} ingests of ${BIG_FEED.split('/').pop()} blocked the event loop ${result.stalls.map((x) => `${x}`).join('/')} ms` : '';
    console.log(
      `  ${label(result)}: outcomes ${JSON.stringify(result.outcomes)}, ${result.jobs} jobs completed, ${result.failedJobs} job failures; ` +
        `plan-alerts done after ${ms(result.planMs)}; sender 429 retries ${result.senderRateLimited}; late grants given up ${result.lateGrants}; emulator at nice ${result.emulatorNice}; ` +
        `event-loop delay p99 ${ms(result.loopDelayP99)} max ${ms(result.loopDelayMax)}; log warnings: ${warned}${stalls}`,
    );
  }
  const rows: FanOutRow[] = results.map((r) => ({
    variant: `silkwire${r.withIngest ? ' + ingest' : ''}`,
    n: r.n,
    ...paceOf(r.firstReceipts, r.n, r.everyArrival),
    rejected429: r.rejected429,
    duplicates: r.duplicates,
    missing: r.missing,
    replyIdleP50: median(r.replyBaseline),
    replyP50: median(r.replyDuring),
    replyMax: Math.max(...r.replyDuring),
    probes: r.replyDuring.length,
  }));
  if (options.get('refs') !== 'false') {
    for (const n of sizes) {
      for (const variant of ['sequential', 'token-bucket', 'bullmq'] as const) {
        const started = performance.now();
        const row = await runReference(variant, n);
        rows.push(row);
        console.log(`  reference ${variant}, ${fmt(n)} chats: ${fmt((performance.now() - started) / 1000, 1)} s in all`);
      }
    }
  }
  console.log('');
  printTable(
    ['variant', 'N', 'wall s', 'floor s', 'msg/s', '% of limit', 'all sends', '% of limit, all sends', '429s', 'duplicates', 'missing', 'reply idle p50', 'reply wait p50 / max', 'probes'],
    rows.map((r) => [
      r.variant,
      fmt(r.n),
      fmt(r.wallMs / 1000, 1),
      fmt(r.floorMs / 1000, 1),
      fmt(r.msgPerSecond, 1),
      `${fmt(r.shareOfLimit, 1)}%`,
      fmt(r.sendsInWindow),
      `${fmt(r.budgetShare, 1)}%`,
      String(r.rejected429),
      String(r.duplicates),
      String(r.missing),
      ms(r.replyIdleP50),
      `${ms(r.replyP50)} / ${ms(r.replyMax)}`,
      String(r.probes),
    ]),
  );
  const summary = `fan-out: ${rows
    .map((r) => `${r.variant} ${fmt(r.n)}: ${fmt(r.msgPerSecond, 1)} msg/s (${fmt(r.shareOfLimit, 1)}%; ${fmt(r.budgetShare, 1)}% with replies), ${r.rejected429} × 429, ${r.duplicates} dup, reply ${ms(r.replyP50)} / ${ms(r.replyMax)}`)
    .join('; ')}`;
  console.log(
    "% of limit: the fan-out's messages over 30/s between its first and last arrival; all sends: every message Telegram " +
      'accepted in that time, the reply probes (one every 2 s) included, since replies take their slots from the same 30/s.',
  );
  console.log(`\n${summary}`);
  return { name: 'fan-out', summary, rows };
}
