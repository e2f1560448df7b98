import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestWorker } from '../../jobs/ingest-worker';
import { createQueues, type Queues } from '../../jobs/queues';
import type { ArticleStore } from '../../src/articles/article-store';
import { bundledFeedsDir, createFeedFetcher } from '../../src/feeds/fetcher';
import { createIngestService, type IngestService } from '../../src/ingest/ingest-service';
import { createLogger } from '../../src/observability/logger';
import { createRedisRuntimeSourceStore } from '../../src/sources/runtime-source-store';
import { sourceIdFor, type Source } from '../../src/sources/source';
import type { SourceStateStore } from '../../src/sources/source-state-store';
import { opml, rss, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { createTestCore, type TestCore } from '../helpers/core';

const HOUR = 3_600_000;
const POLL_MS = 15 * 60_000;
const logger = createLogger({ level: 'silent' });
const clock = { now: () => Date.now() };
let test: TestCore;
let articles: ArticleStore;
let sourceStates: SourceStateStore;

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
  // As the app does it: createCore, with one guarded fetcher for every source (ALLOW_PRIVATE_SOURCES unset).
  test = await createTestCore('ingest-guard', { env: { FEEDS_FILE: opmlFile, FEED_POLL_SECONDS: String(POLL_MS / 1000), FEED_TIMEOUT_SECONDS: '5' } });
  ({ articles, sourceStates, ingest } = test.core);
  const runtime = createRedisRuntimeSourceStore({ redis: test.redis, keys: test.keys });
  await runtime.add({ id: sourceIdFor(feeds.url('/added.xml')), name: 'Added Wire', url: feeds.url('/added.xml'), addedAt: 1 });
  queues = createQueues({ connection: test.redis, prefix: test.prefix });
  worker = createIngestWorker({ core: test.core, queues });
});

afterAll(async () => {
  await worker.close();
  await queues.close();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
  await test.close();
});

describe('ingest: every source goes through the guarded fetcher', () => {
  it('refuses an OPML source and a runtime source on loopback alike, without contacting either', async () => {
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
    for (const [id, path] of [
      [curatedId, '/curated.xml'],
      [addedId, '/added.xml'],
    ] as const) {
      expect(states.get(id)).toMatchObject({ lastResult: 'error', failures: 1 });
      expect(states.get(id)?.lastError).toContain(`refused ${feeds.url(path)}: 127.0.0.1 is a loopback address`);
      expect(feeds.requests(path)).toBe(0);
    }
    expect(await articles.latest('any', 10)).toEqual([]);
  });

  it('refuses local paths and file: URLs for any source not marked as a bundled file', async () => {
    const onDisk = join(dir, 'local.rss');
    writeFileSync(onDisk, rss('Local', [{ title: 'Kazakhstan and China talk trade', link: 'https://local.example/1' }]));
    for (const url of [onDisk, pathToFileURL(onDisk).href, 'local.rss']) {
      for (const origin of ['opml', 'runtime'] as const) {
        const result = await ingest.ingest({ id: `src-local-${origin}`, name: 'Local', url, origin });
        expect(result).toMatchObject({ status: 'error', retryable: false });
        expect(result.status === 'error' && result.error).toMatch(/only http:\/\/ and https:\/\/ feed URLs are fetched$/);
      }
    }
    // Marked as a file but added at run time: still fetched as a URL, so still refused.
    const runtimeFile: Source = { id: 'src-runtime-file', name: 'Sample', url: join(bundledFeedsDir(), 'sample.rss'), kind: 'file', origin: 'runtime' };
    expect(await ingest.ingest(runtimeFile)).toMatchObject({ status: 'error', retryable: false });
    expect(await articles.latest('any', 10)).toEqual([]);
  });

  it('reads a bundled file marked type="file" in the OPML, and only inside the bundled feeds folder', async () => {
    const sample: Source = { id: 'src-sample', name: 'Sample', url: join(bundledFeedsDir(), 'sample.rss'), kind: 'file', origin: 'opml' };
    expect(await ingest.ingest(sample)).toMatchObject({ status: 'ok', stored: 1 });
    expect((await articles.latest('any', 10)).map((article) => article.title)).toEqual(['China Tegaskan Dukungan Terhadap Pemerintah Kazakhstan']);

    const copy = join(dir, 'sample-copy.rss');
    copyFileSync(join(bundledFeedsDir(), 'sample.rss'), copy);
    for (const url of [copy, join(bundledFeedsDir(), '..', 'sources', '..', '..', '..', 'package.json')]) {
      const result = await ingest.ingest({ id: 'src-outside', name: 'Outside', url, kind: 'file', origin: 'opml' });
      expect(result).toMatchObject({ status: 'error', retryable: false });
      expect(result.status === 'error' && result.error).toMatch(/local feed files are read only from the bundled feeds folder$/);
    }
  });

  it('reads loopback sources of both origins with ALLOW_PRIVATE_SOURCES', async () => {
    const allowing = createFeedFetcher({ timeoutMs: 5_000, maxBytes: 1024 * 1024, allowPrivate: true });
    try {
      const open = createIngestService({ fetcher: allowing, articles, sourceStates, clock, logger, pollMs: POLL_MS, retentionMs: 14 * 24 * HOUR, maxItems: 100 });
      for (const [path, origin] of [
        ['/curated.xml', 'opml'],
        ['/added.xml', 'runtime'],
      ] as const) {
        const result = await open.ingest({ id: sourceIdFor(feeds.url(path)), name: path, url: feeds.url(path), origin });
        expect(result).toMatchObject({ status: 'ok', stored: 1 });
        expect(feeds.requests(path)).toBe(1);
      }
      // A local path is still refused: the switch is about addresses, not files.
      expect(await open.ingest({ id: 'src-path', name: 'Path', url: join(bundledFeedsDir(), 'sample.rss'), origin: 'opml' })).toMatchObject({ status: 'error' });
    } finally {
      await allowing.close();
    }
    expect((await articles.latest('any', 10)).map((article) => article.title).sort()).toEqual([
      'China Tegaskan Dukungan Terhadap Pemerintah Kazakhstan',
      'Kazakhstan opens a new rail line to China',
      'Tokayev visits Beijing for China talks',
    ]);
  });
});
