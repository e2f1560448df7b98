import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article';
import { createRedisArticleStore } from '../../src/articles/article-store';
import { createAdminService, type AdminService, type AdminServiceDeps } from '../../src/admin/admin-service';
import { createRedisChatStore } from '../../src/chats/chat-store';
import { UserInputError } from '../../src/errors';
import { createFeedFetcher } from '../../src/feeds/fetcher';
import { parseOpml } from '../../src/sources/opml';
import {
  createCombinedSourceCatalog,
  createRedisRuntimeSourceStore,
  runtimeSourcesKey,
  type CombinedSourceCatalog,
} from '../../src/sources/runtime-source-store';
import { createOpmlSourceCatalog } from '../../src/sources/source-catalog';
import { sourceIdFor } from '../../src/sources/source';
import { createRedisSourceStateStore } from '../../src/sources/source-state-store';
import { opml, rss, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { deletePrefix, openTestRedis } from '../helpers/redis';

const HOUR = 3_600_000;
const test = openTestRedis('admin-svc');
const { redis, keys } = test;
const articles = createRedisArticleStore({ redis, keys, retentionMs: 14 * 24 * HOUR });
const chats = createRedisChatStore({ redis, keys });
const sourceStates = createRedisSourceStateStore({ redis, keys });
const runtime = createRedisRuntimeSourceStore({ redis, keys });
// The feed server is on loopback: the fetcher allows private addresses, as ALLOW_PRIVATE_SOURCES=1 does.
const fetcher = createFeedFetcher({ timeoutMs: 5000, maxBytes: 1024 * 1024, allowPrivate: true });
const OPML_URL = 'https://wire.example.com/kz.rss';

let feeds: FeedServer;
let dir: string;
let catalog: CombinedSourceCatalog;
let now = Date.UTC(2026, 2, 1, 12);
const clock = { now: () => now };

function service(overrides: Partial<AdminServiceDeps> = {}): AdminService {
  return createAdminService({
    adminIds: [42, 43],
    chats,
    articles,
    sources: catalog,
    sourceStates,
    fetcher,
    clock,
    allowPrivate: true,
    queueCounts: async () => ({ ingest: { waiting: 2, active: 1, delayed: 5, failed: 0 }, delivery: { waiting: 0, active: 0, delayed: 1, failed: 3 } }),
    ...overrides,
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserInputError);
  return (error as Error).message;
}

beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.set(
    '/astana.xml',
    rss('Astana &amp; Steppe Times', [
      { title: 'Kazakhstan opens a new rail line to China', link: 'https://astana.example/1' },
      { title: 'Tokayev visits Almaty', link: 'https://astana.example/2' },
      { title: 'Weather: sunny', link: 'https://astana.example/3' },
    ]),
  );
  feeds.set('/page.html', '<!doctype html><html><head><title>Hi</title></head><body><p>Not a feed</p></body></html>', 'text/html; charset=utf-8');
  dir = mkdtempSync(join(tmpdir(), 'silkwire-admin-'));
  const opmlFile = join(dir, 'sources.opml');
  writeFileSync(opmlFile, opml([{ name: 'Bundled Wire', url: OPML_URL, language: 'en' }]));
  catalog = createCombinedSourceCatalog(createOpmlSourceCatalog(opmlFile), runtime);
});

afterAll(async () => {
  await fetcher.close();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
  await test.cleanup();
});

beforeEach(() => deletePrefix(redis, test.prefix));

describe('admin service: sources', () => {
  it('knows its operators', () => {
    const admin = service();
    expect([42, 43, 44, undefined].map((id) => admin.isAdmin(id))).toEqual([true, true, false, false]);
  });

  it('adds a feed served on loopback when private addresses are allowed, named after its title', async () => {
    const admin = service();
    const url = feeds.url('/astana.xml');
    const added = await admin.addSource(url, 42);
    expect(added).toEqual({
      source: { id: sourceIdFor(url), name: 'Astana & Steppe Times', url },
      format: 'rss',
      items: 3,
      onTopic: 2,
    });
    // Stored in the instance's hash, beside the OPML source.
    expect(await redis.hkeys(runtimeSourcesKey(keys))).toEqual([sourceIdFor(url)]);
    expect(runtimeSourcesKey(keys)).toBe(`${test.prefix}:sources:runtime`);
    expect((await catalog.list()).map((source) => source.name)).toEqual(['Bundled Wire', 'Astana & Steppe Times']);
    const reports = await admin.sources();
    expect(reports.map((report) => [report.source.name, report.origin])).toEqual([
      ['Bundled Wire', 'opml'],
      ['Astana & Steppe Times', 'runtime'],
    ]);
    expect((await catalog.entries())[1]).toMatchObject({ addedAt: now, addedBy: 42 });
  });

  it('refuses a loopback feed when private addresses are not allowed, without fetching it', async () => {
    const before = feeds.requests('/astana.xml');
    const message = await refusal(service({ allowPrivate: false }).addSource(feeds.url('/astana.xml')));
    expect(message).toContain('127.0.0.1 is a loopback address');
    expect(feeds.requests('/astana.xml')).toBe(before);
    expect(await redis.hlen(runtimeSourcesKey(keys))).toBe(0);
  });

  it('refuses a URL that is not a feed with the parse error, and a missing one with the HTTP status', async () => {
    const admin = service();
    expect(await refusal(admin.addSource(feeds.url('/page.html')))).toBe(
      `${feeds.url('/page.html')} could not be read as a feed: the document is not an RSS, Atom, RDF or JSON feed`,
    );
    expect(await refusal(admin.addSource(feeds.url('/missing.xml')))).toMatch(/could not be read as a feed: HTTP 404/);
    expect(await refusal(admin.addSource('ftp://example.com/feed'))).toMatch(/^Only http/);
    expect(await redis.hlen(runtimeSourcesKey(keys))).toBe(0);
  });

  it('refuses duplicates: the same URL again (in another spelling) and a URL from the OPML file', async () => {
    const admin = service();
    const url = feeds.url('/astana.xml');
    await admin.addSource(url);
    const requests = feeds.requests('/astana.xml');
    expect(await refusal(admin.addSource(url))).toBe(`${url} is already a source ("Astana & Steppe Times").`);
    expect(await refusal(admin.addSource(url.replace('http://', 'HTTP://')))).toContain('is already a source');
    expect(await refusal(admin.addSource(OPML_URL))).toBe(`${OPML_URL} is already a source ("Bundled Wire").`);
    expect(feeds.requests('/astana.xml')).toBe(requests);
    expect(await redis.hlen(runtimeSourcesKey(keys))).toBe(1);
  });

  it('removes a runtime source by URL or id, forgets its fetch state, and refuses OPML and unknown sources', async () => {
    const admin = service();
    const url = feeds.url('/astana.xml');
    const { source } = await admin.addSource(url);
    await sourceStates.recordFailure(source.id, 'boom', now, () => now + HOUR);
    expect(await admin.removeSource(url)).toEqual(source);
    expect(await redis.exists(keys.source(source.id))).toBe(0);
    expect((await catalog.list()).map((s) => s.name)).toEqual(['Bundled Wire']);

    await admin.addSource(url);
    expect((await admin.removeSource(source.id)).url).toBe(url);
    expect(await redis.hlen(runtimeSourcesKey(keys))).toBe(0);

    expect(await refusal(admin.removeSource(OPML_URL))).toBe(
      '"Bundled Wire" is listed in the OPML source file, which the bot does not edit; remove it from that file and it is dropped at the next poll.',
    );
    expect(await refusal(admin.removeSource('https://nowhere.example/rss'))).toBe('No source has the URL or id https://nowhere.example/rss.');
    expect((await catalog.list()).map((s) => s.name)).toEqual(['Bundled Wire']);
  });

  it('exports every source as OPML that parseOpml reads back', async () => {
    const admin = service();
    await admin.addSource(feeds.url('/astana.xml'));
    const document = await admin.exportOpml();
    expect(document).toContain('<title>Silkwire sources</title>');
    const parsed = parseOpml(document);
    expect(parsed).toEqual([
      { id: sourceIdFor(OPML_URL), name: 'Bundled Wire', url: OPML_URL, language: 'en' },
      { id: sourceIdFor(feeds.url('/astana.xml')), name: 'Astana & Steppe Times', url: feeds.url('/astana.xml') },
    ]);
    expect(parsed).toEqual(await catalog.list());
  });

  it('flags a source failing for 24 hours, and one that never succeeded with its add time', async () => {
    const admin = service();
    const opmlId = sourceIdFor(OPML_URL);
    await sourceStates.recordSuccess(opmlId, { itemCount: 12, newestItemAt: now - 2 * HOUR }, now - 30 * HOUR);
    await sourceStates.recordFailure(opmlId, 'HTTP 503 Service Unavailable', now - 29 * HOUR, () => now);
    await sourceStates.recordFailure(opmlId, 'HTTP 503 Service Unavailable', now - HOUR, () => now);
    const { source } = await admin.addSource(feeds.url('/astana.xml'));
    await sourceStates.recordFailure(source.id, 'timed out', now, () => now);

    let reports = await admin.sources();
    expect(reports[0]).toMatchObject({
      origin: 'opml',
      state: { lastResult: 'error', failures: 2, itemCount: 12, newestItemAt: now - 2 * HOUR, lastSuccessAt: now - 30 * HOUR, lastError: 'HTTP 503 Service Unavailable' },
      failingSince: now - 30 * HOUR,
      failingFor24h: true,
    });
    expect(reports[1]).toMatchObject({ origin: 'runtime', state: { failures: 1 }, failingSince: now, failingFor24h: false });

    now += 24 * HOUR;
    reports = await admin.sources();
    expect(reports[1]?.failingFor24h).toBe(true);
  });
});

describe('admin service: stats', () => {
  let n = 0;
  function article(topics: Article['topics']): Article {
    n += 1;
    return { sourceId: 'src-t', sourceName: 'T', guid: `g${n}`, title: `Story ${n}`, url: `https://t.example/${n}`, description: '', publishedAt: null, language: 'en', topics };
  }

  it('counts chats, subscribers, recent articles, queues and failing sources as stored', async () => {
    const defaults = { type: 'private' as const, topics: [], mode: 'digest' as const, times: ['08:00'], zone: 'UTC', language: 'en' as const };
    for (const id of [1, 2, 3, 4]) await chats.ensure(id, defaults, now);
    await chats.update(1, (chat) => ({ ...chat, topics: ['kazakhstan', 'china'] }), now);
    await chats.update(2, (chat) => ({ ...chat, topics: ['china'] }), now);
    await chats.update(3, (chat) => ({ ...chat, topics: ['kazakhstan'], status: 'suspended' }), now);

    const storeNow = await articles.now();
    await articles.save(article(['kazakhstan']), storeNow - 2 * HOUR);
    await articles.save(article(['kazakhstan', 'china']), storeNow - 23 * HOUR);
    await articles.save(article(['china']), storeNow - 25 * HOUR);
    await articles.save(article(['china']), storeNow - 3 * 24 * HOUR);

    await sourceStates.recordFailure(sourceIdFor(OPML_URL), 'HTTP 500', now, () => now);

    const stats = await service().stats();
    expect(stats.chats).toEqual({ total: 4, active: 3, suspended: 1, subscribedByTopic: { kazakhstan: 1, china: 2 } });
    expect(stats.articles).toEqual({
      storedByIndex: { kazakhstan: 2, china: 3, any: 4 },
      last24hByIndex: { kazakhstan: 2, china: 1, any: 2 },
    });
    expect(stats.queues).toEqual({ ingest: { waiting: 2, active: 1, delayed: 5, failed: 0 }, delivery: { waiting: 0, active: 0, delayed: 1, failed: 3 } });
    expect(stats.sources.total).toBe(1);
    expect(stats.sources.failing.map((report) => [report.source.name, report.state.failures, report.state.lastError])).toEqual([['Bundled Wire', 1, 'HTTP 500']]);
  });

  it('reports queues as unavailable when the callback fails or is missing', async () => {
    expect((await service({ queueCounts: async () => Promise.reject(new Error('down')) }).stats()).queues).toBeUndefined();
    expect((await service({ queueCounts: undefined }).stats()).queues).toBeUndefined();
    expect((await service().stats()).chats).toEqual({ total: 0, active: 0, suspended: 0, subscribedByTopic: { kazakhstan: 0, china: 0 } });
  });
});
