import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestWorker } from '../../jobs/ingest-worker';
import { createQueues, type Queues } from '../../jobs/queues';
import { createRedisArticleStore } from '../../src/articles/article-store';
import { createFeedFetcher } from '../../src/feeds/fetcher';
import { createIngestService, type IngestService } from '../../src/ingest/ingest-service';
import { createLogger } from '../../src/observability/logger';
import { createCombinedSourceCatalog, createRedisRuntimeSourceStore } from '../../src/sources/runtime-source-store';
import { sourceIdFor } from '../../src/sources/source';
import { createOpmlSourceCatalog } from '../../src/sources/source-catalog';
import { createRedisSourceStateStore } from '../../src/sources/source-state-store';
import { createSourceUrlGuard } from '../../src/sources/url-safety';
import { opml, rss, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { openTestRedis } from '../helpers/redis';

const HOUR = 3_600_000;
const POLL_MS = 15 * 60_000;
const test = openTestRedis('ingest-guard');
const { redis, keys, prefix } = test;
const logger = createLogger({ level: 'silent' });
const clock = { now: () => Date.now() };
const articles = createRedisArticleStore({ redis, keys, retentionMs: 14 * 24 * HOUR });
const sourceStates = createRedisSourceStateStore({ redis, keys });
const runtime = createRedisRuntimeSourceStore({ redis, keys });
const limits = { timeoutMs: 5_000, maxBytes: 1024 * 1024 };

let feeds: FeedServer;
let dir: string;
let queues: Queues;
let ingest: IngestService;
let worker: ReturnType<typeof createIngestWorker>;

beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.set('/curated.xml', rss('Curated Wire', [{ title: 'Kazakhstan opens a new rail line to China', link: 'https://curated.example/1' }]));
  feeds.set('/added.xml', rss('Added Wire', [{ title: 'Tokayev visits Beijing for China talks', link: 'https://added.example/1' }]));
  dir = mkdtempSync(join(tmpdir(), 'silkwire-ingest-guard-'));
  const opmlFile = join(dir, 'sources.opml');
  writeFileSync(opmlFile, opml([{ name: 'Curated Wire', url: feeds.url('/curated.xml') }]));
  await runtime.add({ id: sourceIdFor(feeds.url('/added.xml')), name: 'Added Wire', url: feeds.url('/added.xml'), addedAt: 1 });

  // As in app/start-app.ts: OPML sources through the plain fetcher, everything else through the guarded one.
  ingest = createIngestService({
    fetcher: createFeedFetcher(limits),
    runtimeFetcher: createFeedFetcher({ ...limits, checkUrl: createSourceUrlGuard({ allowPrivate: false }) }),
    articles,
    sourceStates,
    clock,
    logger,
    pollMs: POLL_MS,
    retentionMs: 14 * 24 * HOUR,
    maxItems: 100,
  });
  queues = createQueues({ connection: redis, prefix });
  worker = createIngestWorker({
    connection: redis,
    prefix,
    queues,
    ingest,
    articles,
    sources: createCombinedSourceCatalog(createOpmlSourceCatalog(opmlFile), runtime),
    sourceStates,
    clock,
    logger,
    pollMs: POLL_MS,
  });
});

afterAll(async () => {
  await worker.close();
  await queues.close();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
  await test.cleanup();
});

describe('ingest: runtime sources go through the guarded fetcher', () => {
  it('reads an OPML source on loopback, and refuses a runtime source on the same server without contacting it', async () => {
    await queues.ingest.add('plan-poll', {});
    const curatedId = sourceIdFor(feeds.url('/curated.xml'));
    const addedId = sourceIdFor(feeds.url('/added.xml'));
    await vi.waitFor(
      async () => {
        const states = await sourceStates.getMany([curatedId, addedId]);
        expect(states.get(curatedId)?.lastResult).toBeDefined();
        expect(states.get(addedId)?.lastResult).toBeDefined();
      },
      { timeout: 10_000, interval: 50 },
    );

    const states = await sourceStates.getMany([curatedId, addedId]);
    expect(states.get(curatedId)).toMatchObject({ lastResult: 'ok', itemCount: 1 });
    expect(states.get(addedId)).toMatchObject({ lastResult: 'error', failures: 1 });
    expect(states.get(addedId)?.lastError).toContain(`refused ${feeds.url('/added.xml')}: 127.0.0.1 is a loopback address`);
    expect(feeds.requests('/curated.xml')).toBe(1);
    expect(feeds.requests('/added.xml')).toBe(0);
    expect((await articles.latest('any', 10)).map((article) => article.title)).toEqual(['Kazakhstan opens a new rail line to China']);
  });

  it('treats a source whose origin is unknown as a runtime one', async () => {
    const before = feeds.requests('/curated.xml');
    const result = await ingest.ingest({ id: 'src-unknown', name: 'Unknown', url: feeds.url('/curated.xml') });
    expect(result).toMatchObject({ status: 'error', retryable: false });
    expect(feeds.requests('/curated.xml')).toBe(before);
    expect(await ingest.ingest({ id: 'src-unknown', name: 'Unknown', url: feeds.url('/curated.xml'), origin: 'opml' })).toMatchObject({ status: 'ok' });
    expect(feeds.requests('/curated.xml')).toBe(before + 1);
  });
});
