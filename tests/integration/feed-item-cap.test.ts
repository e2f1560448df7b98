import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminTexts } from '../../src/admin/admin-texts';
import { createRedisArticleStore } from '../../src/articles/article-store';
import { loadConfig } from '../../src/config/config';
import { createFeedFetcher, type FeedFetcher } from '../../src/feeds/fetcher';
import { createIngestService, type IngestService } from '../../src/ingest/ingest-service';
import { createLogger } from '../../src/observability/logger';
import { sourceIdFor, type Source } from '../../src/sources/source';
import { createRedisSourceStateStore } from '../../src/sources/source-state-store';
import { rss, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { openTestRedis } from '../helpers/redis';

const HOUR = 3_600_000;
const test = openTestRedis('item-cap');
const { redis, keys, prefix } = test;
const articles = createRedisArticleStore({ redis, keys, retentionMs: 14 * 24 * HOUR });
const sourceStates = createRedisSourceStateStore({ redis, keys });

let feeds: FeedServer;
let fetcher: FeedFetcher;
let ingest: IngestService;
let source: Source;

/** `count` on-topic items, oldest first (the newest is last in the document), with guids that carry `round`. */
function flood(count: number, round: string): string {
  const start = Date.now() - count * 60_000;
  return rss(
    'Flood Wire',
    Array.from({ length: count }, (_, i) => ({
      title: `Kazakhstan and China sign trade deal number ${i} (${round})`,
      link: `https://flood.example/${round}/${i}`,
      pubDate: new Date(start + i * 60_000),
    })),
  );
}

async function keyCount(): Promise<number> {
  let cursor = '0';
  let total = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    total += found.length;
  } while (cursor !== '0');
  return total;
}

beforeAll(async () => {
  feeds = await startFeedServer();
  // The feed server is on loopback: the test allows private addresses, as ALLOW_PRIVATE_SOURCES=1 does.
  fetcher = createFeedFetcher({ timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, allowPrivate: true });
  ingest = createIngestService({
    fetcher,
    articles,
    sourceStates,
    clock: { now: () => Date.now() },
    logger: createLogger({ level: 'silent' }),
    pollMs: 60_000,
    retentionMs: 14 * 24 * HOUR,
    maxItems: 100,
  });
  source = { id: sourceIdFor(feeds.url('/flood.xml')), name: 'Flood Wire', url: feeds.url('/flood.xml'), origin: 'runtime' };
});

afterAll(async () => {
  await fetcher.close();
  await feeds.close();
  await test.cleanup();
});

describe('FEED_MAX_ITEMS: a document is read only up to its newest items', () => {
  it('stores the newest 100 of a 5,000-item feed and counts the rest as dropped in the source health', async () => {
    feeds.set('/flood.xml', flood(5000, 'a'));
    const result = await ingest.ingest(source);
    expect(result).toMatchObject({ status: 'ok', items: 100, stored: 100, dropped: 4900 });
    expect(await articles.count('any')).toBe(100);
    const titles = (await articles.latest('any', 200)).map((article) => article.title);
    expect(titles).toContain('Kazakhstan and China sign trade deal number 4999 (a)');
    expect(titles).toContain('Kazakhstan and China sign trade deal number 4900 (a)');
    expect(titles).not.toContain('Kazakhstan and China sign trade deal number 4899 (a)');

    const state = await sourceStates.get(source.id);
    expect(state).toMatchObject({ lastResult: 'ok', itemCount: 5000, lastDropped: 4900 });
    const [report] = adminTexts.sources([{ source, origin: 'runtime', state, failingFor24h: false }], Date.now());
    expect(report).toContain('5000 items (4900 over FEED_MAX_ITEMS dropped)');
  });

  it('keeps Redis bounded when a feed rotates every guid on each poll', async () => {
    for (const round of ['b', 'c', 'd']) {
      feeds.set('/flood.xml', flood(5000, round));
      expect(await ingest.ingest(source)).toMatchObject({ status: 'ok', stored: 100, dropped: 4900 });
    }
    // Four polls of 100 new articles each; before the cap one poll of this feed left over 20,000 keys.
    expect(await articles.count('any')).toBe(400);
    expect(await keyCount()).toBeLessThan(2000);
  });

  it('clears the dropped count once a document fits', async () => {
    feeds.set('/flood.xml', flood(3, 'e'));
    expect(await ingest.ingest(source)).toMatchObject({ status: 'ok', items: 3, dropped: 0 });
    const state = await sourceStates.get(source.id);
    expect(state.lastDropped).toBeUndefined();
    const [report] = adminTexts.sources([{ source, origin: 'runtime', state, failingFor24h: false }], Date.now());
    expect(report).toContain('3 items');
    expect(report).not.toContain('dropped');
  });
});

describe('FEED_MAX_ITEMS setting', () => {
  it('defaults to 100 and accepts 1 to 10,000', () => {
    expect(loadConfig({}).feeds.maxItems).toBe(100);
    expect(loadConfig({ FEED_MAX_ITEMS: '250' }).feeds.maxItems).toBe(250);
    expect(() => loadConfig({ FEED_MAX_ITEMS: '0' })).toThrow(/FEED_MAX_ITEMS must be at least 1/);
    expect(() => loadConfig({ FEED_MAX_ITEMS: '10001' })).toThrow(/FEED_MAX_ITEMS must be at most 10000/);
    expect(() => loadConfig({ FEED_MAX_ITEMS: 'lots' })).toThrow(/FEED_MAX_ITEMS must be a whole number/);
  });
});
