// /search over a large store: saves --articles=200000 synthetic articles (titles and descriptions drawn from a
// Zipf-like vocabulary in four scripts plus Chinese phrases) through the real article store, then times 500 queries
// of one to three words (--sizes=20000,200000 for several store sizes; --redis=redis://127.0.0.1:PORT for a private server). Reports p50/p99 query latency, the save rate and Redis memory used by the search index.
import type { Article } from '../src/articles/article';
import { createRedisArticleStore } from '../src/articles/article-store';
import { Redis } from 'ioredis';
import { createKeys } from '../src/storage/keys';
import { benchPrefix, deletePrefix, fmt, mb, nowMs, openRedis, percentile, settleMemory, usedMemory, type BenchOutcome } from './lib';

const WORDS = [
  ...'wheat oil gas railway summit president minister export import border tariff bank inflation election parliament court'.split(' '),
  ...'пшеница нефть газ железная саммит президент министр экспорт импорт граница банк инфляция выборы парламент суд'.split(' '),
  ...'бидай мұнай газ теміржол президент министр экспорт шекара банк сайлау парламент сот'.split(' '),
  ...'gandum minyak gas kereta presiden menteri ekspor impor perbatasan bank inflasi pemilu parlemen'.split(' '),
];
const HAN = ['哈萨克斯坦', '小麦出口', '石油产量', '铁路建设', '国家主席', '边境口岸', '中央银行', '通货膨胀'];

/** A deterministic pseudo-random generator, so every run stores the same articles. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function text(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    // Zipf-like: low indexes are far more frequent; one in a hundred words is rare (w<number>).
    out.push(random() < 0.01 ? `w${Math.floor(random() * 50_000)}` : random() < 0.1 ? HAN[Math.floor(random() * HAN.length)]! : WORDS[Math.floor(WORDS.length * random() ** 2)]!);
  }
  return out.join(' ');
}

/** Runs the search bench. */
export async function runSearch(options: Map<string, string>): Promise<BenchOutcome> {
  const sizes = (options.get('sizes') ?? options.get('articles') ?? '200000').split(',').map(Number);
  const summaries: string[] = [];
  for (const total of sizes) summaries.push(await searchAt(total, options.get('redis')));
  return { name: 'search', summary: summaries.join('; ') };
}

/** Stores `total` articles under a fresh prefix (on --redis=URL when given), times the queries, and deletes them. */
async function searchAt(total: number, url: string | undefined): Promise<string> {
  const redis = url ? new Redis(url) : openRedis();
  const prefix = benchPrefix('search');
  const keys = createKeys(prefix);
  const store = createRedisArticleStore({ redis, keys, retentionMs: 14 * 86_400_000 });
  const random = rng(42);
  try {
    await settleMemory(redis);
    const before = await usedMemory(redis);
    const now = Date.now();
    const started = nowMs();
    let next = 0;
    const lane = async () => {
      while (next < total) {
        const i = next++;
        const article: Article = {
          sourceId: `s${i % 50}`,
          sourceName: `Source ${i % 50}`,
          guid: `g${i}`,
          title: text(random, 8),
          url: `https://bench.example/${i}`,
          description: text(random, 14),
          publishedAt: now - Math.floor(random() * 13 * 86_400_000),
          language: 'en',
          topics: ['kazakhstan'],
        };
        await store.save(article);
      }
    };
    await Promise.all(Array.from({ length: 64 }, lane));
    const saveSeconds = (nowMs() - started) / 1000;
    await settleMemory(redis);
    const after = await usedMemory(redis);
    const indexBytes = Number(
      (await redis.eval(
        "local n = 0 local c = '0' repeat local r = redis.call('SCAN', c, 'MATCH', ARGV[1], 'COUNT', 1000) c = r[1] for _, k in ipairs(r[2]) do n = n + (redis.call('MEMORY', 'USAGE', k) or 0) end until c == '0' return n",
        0,
        `${prefix}:search:*`,
      )) as number,
    );

    const queries = Array.from({ length: 500 }, (_, i) => (i % 5 === 0 ? HAN[i % HAN.length]! : text(random, 1 + (i % 3))));
    const times: number[] = [];
    let found = 0;
    for (const query of queries) {
      const t = nowMs();
      found += (await store.search(query, 32)).length > 0 ? 1 : 0;
      times.push(nowMs() - t);
    }
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    console.log(`articles ${total}, saved in ${fmt(saveSeconds, 1)} s (${fmt(total / saveSeconds)} /s, search index included)`);
    console.log(`Redis memory: ${mb(after - before)} in all, ${mb(indexBytes)} for the search index`);
    console.log(`queries 500 (${found} with results): p50 ${fmt(p50, 2)} ms, p99 ${fmt(p99, 2)} ms`);
    return `search: ${fmt(total)} articles, p50 ${fmt(p50, 2)} ms, p99 ${fmt(p99, 2)} ms, Redis ${mb(after - before)} in all (${fmt((after - before) / total)} B/article), index ${mb(indexBytes)}`;
  } finally {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  }
}
