// Parse + normalise + classify throughput on the real feeds in ../shared/feeds (decodeFeedBody → parseFeed →
// toArticles, the steps readFeed runs after the fetch), and article-store save throughput on Redis.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Article } from '../src/articles/article';
import { createRedisArticleStore } from '../src/articles/article-store';
import { classifyTopics, createClassifier } from '../src/classify/classifier';
import { FeedError } from '../src/errors';
import { decodeFeedBody } from '../src/feeds/decode';
import { parseFeed } from '../src/feeds/parse';
import { createFeedPool } from '../src/ingest/feed-pool';
import { toArticles } from '../src/feeds/to-articles';
import { compareIngestWithBaseline } from './ingest-baseline';
import { sourceIdFor, type Source } from '../src/sources/source';
import { createKeys } from '../src/storage/keys';
import {
  benchPrefix,
  deletePrefix,
  fmt,
  median,
  nowMs,
  openRedis,
  printTable,
  settleMemory,
  SHARED_FEEDS_AVAILABLE,
  SHARED_FEEDS_DIR,
  usedMemory,
  withTimeout,
  type BenchOutcome,
} from './lib';

/** Each feed is processed until both bounds are met (or MAX_ITERATIONS), so small feeds are timed over many runs. */
const MIN_ITERATIONS = 3;
const MIN_FEED_MS = 200;
const MAX_ITERATIONS = 500;

interface FeedRow {
  file: string;
  bytes: number;
  items: number;
  articles: number;
  onTopic: number;
  iterations: number;
  decodeMs: number;
  parseMs: number;
  toArticlesMs: number;
  error?: string;
  sample: Article[];
}

function benchFeed(file: string): FeedRow {
  const path = resolve(SHARED_FEEDS_DIR, file);
  const body = readFileSync(path);
  const source: Source = { id: sourceIdFor(path), name: file, url: path };
  const row: FeedRow = { file, bytes: body.length, items: 0, articles: 0, onTopic: 0, iterations: 0, decodeMs: 0, parseMs: 0, toArticlesMs: 0, sample: [] };
  const started = nowMs();
  while (row.iterations < MAX_ITERATIONS && (row.iterations < MIN_ITERATIONS || nowMs() - started < MIN_FEED_MS)) {
    row.iterations += 1;
    const t0 = nowMs();
    let t1: number | undefined;
    try {
      const text = decodeFeedBody(body);
      t1 = nowMs();
      row.decodeMs += t1 - t0;
      const feed = parseFeed(text);
      const t2 = nowMs();
      row.parseMs += t2 - t1;
      const articles = toArticles(source, feed);
      row.toArticlesMs += nowMs() - t2;
      row.items = feed.items.length;
      row.articles = articles.length;
      row.onTopic = articles.filter((a) => a.topics.length > 0).length;
      row.sample = articles;
    } catch (error) {
      // A refused feed costs what it took to refuse it; the time goes to the stage that failed.
      if (t1 === undefined) row.decodeMs += nowMs() - t0;
      else row.parseMs += nowMs() - t1;
      row.error = error instanceof FeedError ? error.code : (error as Error).message;
      if (!(error instanceof FeedError)) throw error;
    }
  }
  return row;
}

const BIG_FEED_NAME = 'giantbomb-podcast-huge.rss';
const BIG_FEED_READS = 5;

interface LoopRun {
  threads: number;
  maxMs: number;
  p99Ms: number;
  readMs: number;
}

/**
 * Reads the corpus's biggest feed through the feed pool with one worker thread (the default) and in-process, while
 * the event-loop delay of this thread is sampled every 10 ms: what a send paced on this loop would wait.
 */
async function loopDelayBench(runs: number): Promise<LoopRun[]> {
  const path = resolve(SHARED_FEEDS_DIR, BIG_FEED_NAME);
  const body = readFileSync(path);
  const source: Source = { id: sourceIdFor(path), name: BIG_FEED_NAME, url: path };
  const result: LoopRun[] = [];
  for (const threads of [1, 0]) {
    const pool = createFeedPool({ threads });
    try {
      await pool.process({ source, body: Buffer.from(body), maxItems: 100 }); // starts and warms the thread
      const maxes: number[] = [];
      const p99s: number[] = [];
      const reads: number[] = [];
      for (let run = 0; run < runs; run++) {
        const histogram = monitorEventLoopDelay({ resolution: 10 });
        histogram.enable();
        const start = nowMs();
        for (let i = 0; i < BIG_FEED_READS; i++) {
          await pool.process({ source, body: Buffer.from(body), maxItems: 100 });
          await new Promise((done) => setImmediate(done)); // as the Redis saves between two ingests would
        }
        reads.push((nowMs() - start) / BIG_FEED_READS);
        histogram.disable();
        maxes.push(histogram.max / 1e6);
        p99s.push(histogram.percentile(99) / 1e6);
      }
      result.push({ threads, maxMs: median(maxes), p99Ms: median(p99s), readMs: median(reads) });
    } finally {
      await pool.close();
    }
  }
  return result;
}

interface SaveRun {
  label: string;
  articles: number;
  ms: number;
  created: number;
}

/** Saves every article with `parallel` saves in flight; returns the time and how many were new. */
async function saveAll(
  store: ReturnType<typeof createRedisArticleStore>,
  articles: readonly Article[],
  parallel: number,
  label: string,
): Promise<SaveRun> {
  let next = 0;
  let created = 0;
  const start = nowMs();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < articles.length) {
        const result = await store.save(articles[next++]!);
        if (result.created) created += 1;
      }
    }),
  );
  return { label, articles: articles.length, ms: nowMs() - start, created };
}

async function saveBench(articles: readonly Article[], runs: number): Promise<{ rows: SaveRun[]; bytesPerArticle: number }> {
  const rows: SaveRun[] = [];
  const perArticle: number[] = [];
  const redis = openRedis();
  try {
    for (let run = 1; run <= runs; run++) {
      for (const parallel of [1, 16]) {
        const prefix = benchPrefix('ingest');
        const store = createRedisArticleStore({ redis, keys: createKeys(prefix), retentionMs: 14 * 86_400_000 });
        try {
          await settleMemory(redis);
          const before = await usedMemory(redis);
          // As the ingest service does it (one save after another), and as several fetch jobs at once would.
          const mode = parallel === 1 ? 'sequential' : `${parallel} in flight`;
          const fresh = await saveAll(store, articles, parallel, `new, ${mode}`);
          if (parallel === 1) perArticle.push((await usedMemory(redis) - before) / Math.max(1, fresh.created));
          const again = await saveAll(store, articles, parallel, `duplicate, ${mode}`);
          if (again.created !== 0) console.log(`  WARNING: ${again.created} articles were stored again on the second save`);
          rows.push(fresh, again);
        } finally {
          await deletePrefix(redis, prefix);
        }
      }
    }
  } finally {
    await redis.quit().catch(() => undefined);
  }
  return { rows, bytesPerArticle: median(perArticle) };
}

/** Runs the ingest bench (skips with a notice when ../shared/feeds is absent). */
export async function runIngest(options: Map<string, string>): Promise<BenchOutcome> {
  if (!SHARED_FEEDS_AVAILABLE) {
    const summary = `ingest: SKIPPED — ${SHARED_FEEDS_DIR} not found`;
    console.log(`NOTICE: ${summary}`);
    return { name: 'ingest', summary };
  }
  const runs = Number(options.get('runs') ?? 3);
  const files = readdirSync(SHARED_FEEDS_DIR)
    .filter((file) => !file.endsWith('.md'))
    .sort();
  console.log(`ingest: decodeFeedBody + parseFeed + toArticles (normalise, language, classify) over ${files.length} feeds in ${SHARED_FEEDS_DIR}`);

  const compileStart = nowMs();
  createClassifier();
  const compileMs = nowMs() - compileStart;
  classifyTopics({ title: 'warm-up' });
  console.log(`  classifier compile (once per process): ${fmt(compileMs, 1)} ms — excluded below`);
  // One untimed pass so that the JIT has seen every code path before timing.
  for (const file of files) benchFeed(file);

  const rows = files.map(benchFeed);
  const baseline = options.get('baseline');
  const against = baseline ? await compareIngestWithBaseline(baseline) : undefined;
  if (against) console.log(`\n  against the baseline in ${baseline}, interleaved passes, CPU time:\n${against}`);
  const perRun = (row: FeedRow) => (row.decodeMs + row.parseMs + row.toArticlesMs) / row.iterations;
  console.log('');
  printTable(
    ['feed', 'KB', 'items', 'articles', 'on-topic', 'runs', 'decode ms', 'parse ms', 'toArticles ms', 'total ms', 'items/s', 'MB/s', 'note'],
    rows.map((row) => {
      const ms = perRun(row);
      return [
        row.file,
        fmt(row.bytes / 1000, 1),
        fmt(row.items),
        fmt(row.articles),
        fmt(row.onTopic),
        String(row.iterations),
        fmt(row.decodeMs / row.iterations, 2),
        fmt(row.parseMs / row.iterations, 2),
        fmt(row.toArticlesMs / row.iterations, 2),
        fmt(ms, 2),
        row.error ? '-' : fmt(row.items / (ms / 1000)),
        fmt(row.bytes / 1e6 / (ms / 1000), 1),
        row.error ? `refused: ${row.error}` : '',
      ];
    }),
  );
  const ok = rows.filter((row) => !row.error);
  const totalMs = rows.reduce((sum, row) => sum + perRun(row), 0);
  const totalBytes = rows.reduce((sum, row) => sum + row.bytes, 0);
  const totalItems = ok.reduce((sum, row) => sum + row.items, 0);
  const stageMs = (pick: (row: FeedRow) => number) => rows.reduce((sum, row) => sum + pick(row) / row.iterations, 0);
  const split = [
    ['decode', stageMs((r) => r.decodeMs)],
    ['parse', stageMs((r) => r.parseMs)],
    ['toArticles', stageMs((r) => r.toArticlesMs)],
  ] as const;
  console.log(
    `\n  overall: ${fmt(totalItems)} items, ${fmt(totalBytes / 1e6, 2)} MB in ${fmt(totalMs, 1)} ms per pass → ` +
      `${fmt(totalItems / (totalMs / 1000))} items/s, ${fmt(totalBytes / 1e6 / (totalMs / 1000), 1)} MB/s; split ` +
      split.map(([name, ms]) => `${name} ${fmt((100 * ms) / totalMs, 0)}%`).join(', ') +
      `; ${rows.length - ok.length} feeds refused`,
  );

  const loop = await loopDelayBench(runs);
  console.log(
    `\n  event loop during ${BIG_FEED_READS} reads of ${BIG_FEED_NAME} (FEED_MAX_ITEMS 100), ${runs} runs: ` +
      loop.map((r) => `INGEST_THREADS=${r.threads}: max delay ${fmt(r.maxMs, 1)} ms, p99 ${fmt(r.p99Ms, 1)} ms, ${fmt(r.readMs, 1)} ms/read`).join('; '),
  );

  const articles = ok.flatMap((row) => row.sample);
  const onTopic = articles.filter((a) => a.topics.length > 0).length;
  console.log(`\n  article store: saving ${fmt(articles.length)} articles (${fmt(onTopic)} on a topic), ${runs} runs, fresh prefix per run`);
  const saved = await withTimeout(saveBench(articles, runs), 120_000, 'article-store save bench');
  const labels = [...new Set(saved.rows.map((r) => r.label))];
  const saveRows = labels.map((label) => {
    const runsOf = saved.rows.filter((r) => r.label === label);
    const rates = runsOf.map((r) => r.articles / (r.ms / 1000));
    return { label, rate: median(rates), min: Math.min(...rates), max: Math.max(...rates), created: runsOf[0]?.created ?? 0, perSave: median(runsOf.map((r) => r.ms / r.articles)) };
  });
  printTable(
    ['save', 'articles/s (median)', 'min–max', 'ms/save', 'stored'],
    saveRows.map((r) => [r.label, fmt(r.rate), `${fmt(r.min)}–${fmt(r.max)}`, fmt(r.perSave, 3), fmt(r.created)]),
  );
  console.log(`  Redis memory per stored article (hash + dedupe keys + index entries): ~${fmt(saved.bytesPerArticle / 1000, 2)} kB`);

  const rate = (label: string) => fmt(saveRows.find((r) => r.label === label)?.rate ?? Number.NaN);
  const summary =
    `ingest: ${fmt(totalItems / (totalMs / 1000))} items/s, ${fmt(totalBytes / 1e6 / (totalMs / 1000), 1)} MB/s over ${ok.length} feeds ` +
    `(${fmt(totalItems)} items, ${fmt(totalBytes / 1e6, 1)} MB, ${rows.length - ok.length} refused); ` +
    `event-loop max delay during big-feed reads ${loop.map((r) => `${fmt(r.maxMs, 1)} ms with ${r.threads} threads`).join(', ')}; ` +
    `save ${rate('new, sequential')} new/s and ${rate('duplicate, sequential')} dup/s sequential, ` +
    `${rate('new, 16 in flight')} new/s and ${rate('duplicate, 16 in flight')} dup/s with 16 in flight` +
    (against ? `; against ${baseline}: ${against.replace(/\s*\n\s*/g, '; ').trim()}` : '');
  console.log(`\n${summary}`);
  return { name: 'ingest', summary };
}
