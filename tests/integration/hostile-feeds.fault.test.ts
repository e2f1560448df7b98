import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisArticleStore } from '../../src/articles/article-store';
import { createFeedFetcher, type FeedFetcher } from '../../src/feeds/fetcher';
import { createIngestService, type IngestResult, type IngestService } from '../../src/ingest/ingest-service';
import { createLogger } from '../../src/observability/logger';
import { sourceIdFor, type Source } from '../../src/sources/source';
import { createRedisSourceStateStore } from '../../src/sources/source-state-store';
import { rss } from '../helpers/feed-server';
import { openTestRedis } from '../helpers/redis';
import { SHARED_DIR, SHARED_FEEDS_AVAILABLE } from '../helpers/shared';

// Hostile and broken feeds, all ingested at once through the real fetcher, ingest service and Redis. This file is a
// fault test: it takes a few seconds of wall time (a server that trickles a byte a second runs into the timeout).

const MB = 1024 * 1024;
const HOUR = 3_600_000;
// NOTE: every fetch in flight counts the time the event loop spends parsing other feeds against its budget, so on a
// loaded machine a tight budget would fail good feeds. The sources get a generous one; the trickling server is read in
// the same run by an ingest whose fetcher has a short one, and must run into it however fast the machine is.
const TIMEOUT_MS = 30_000;
const TRICKLE_TIMEOUT_MS = 2_000;
const MAX_BYTES = 8 * MB;
const RSS_LIMIT = 300 * MB;

const test = openTestRedis('hostile');
const { redis, keys } = test;
const articles = createRedisArticleStore({ redis, keys, retentionMs: 14 * 24 * HOUR });
const sourceStates = createRedisSourceStateStore({ redis, keys });

const GOOD_TITLE = 'Kazakhstan and China open a new border crossing';
const SHARED_FEEDS = SHARED_FEEDS_AVAILABLE ? readdirSync(`${SHARED_DIR}/feeds`).filter((name) => name !== 'SOURCES.md') : [];
if (!SHARED_FEEDS_AVAILABLE) console.warn('NOTICE: ../shared/feeds is absent; the hostile-feed test runs only its generated feeds.');

/** Bodies served whole, by path. */
const documents = new Map<string, { body: Buffer; headers: Record<string, string> }>();
const open = new Set<ServerResponse>();
let base: string;
let server: ReturnType<typeof createServer>;

function serve(path: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/rss+xml' }): void {
  documents.set(path, { body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), headers });
}

/** Writes `total` bytes of `chunk` repeated, respecting backpressure and stopping when the client goes away. */
function stream(res: ServerResponse, chunk: Buffer, total: number): void {
  let sent = 0;
  const pump = (): void => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/** Gzips `total` bytes of spaces a megabyte at a time, so that the test itself never holds the inflated bomb. */
async function gzipBomb(total: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => gzip.on('end', resolve).on('error', reject));
  const block = Buffer.alloc(MB, 0x20);
  for (let written = 0; written < total; written += MB) {
    if (!gzip.write(block)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

async function generate(): Promise<void> {
  serve('/good.rss', rss('Good Wire', [{ title: GOOD_TITLE, link: 'https://good.example/1' }]));
  const whole = rss('Cut Wire', [{ title: 'China and Kazakhstan agree on grain exports', link: 'https://cut.example/1' }]);
  serve('/truncated.rss', whole.slice(0, Math.floor(whole.length * 0.6)));
  const lols = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
  serve('/entities.rss', `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${lols}]><rss version="2.0"><channel><title>&l9;</title></channel></rss>`);
  // 256 MB of spaces, gzip-compressed to a quarter of a megabyte, once as Content-Encoding and once raw.
  const bomb = await gzipBomb(256 * MB);
  serve('/gzip-bomb-encoding', bomb, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
  serve('/gzip-bomb-raw', bomb, { 'content-type': 'application/gzip' });
  const latin = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Broken</title><item><title>China \xff\xfe trade \xc3 talks</title><link>https://bad.example/1</link></item></channel></rss>';
  serve('/invalid-utf8.rss', Buffer.from(latin, 'latin1'));
  const cyrillic = rss('Лента', [{ title: 'Казахстан и Китай подписали соглашение', link: 'https://wrong.example/1' }]).replace('UTF-8', 'utf-8');
  serve('/wrong-charset.rss', iconv.encode(cyrillic, 'windows-1251'), { 'content-type': 'application/rss+xml; charset=utf-8' });
  serve('/page.html', '<!doctype html><html><head><title>Welcome</title></head><body><h1>Not a feed</h1><p>China</p></body></html>', { 'content-type': 'text/html' });
  const many = Array.from({ length: 100_000 }, (_, i) => `<item><title>China ${i}</title><link>https://m.cn/${i}</link></item>`).join('');
  serve('/100k-items.rss', `<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>${many}</channel></rss>`);
  for (const name of SHARED_FEEDS) {
    const body = readFileSync(`${SHARED_DIR}/feeds/${name}`);
    serve(`/shared/${name}`, body, { 'content-type': name.endsWith('.json') ? 'application/feed+json' : 'application/xml' });
  }
}

/** Answers `rss.memoryUsage().rss` samples while ingest runs; the peak is reported and bounded. */
function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

let fetcher: FeedFetcher;
let ingest: IngestService;
let trickleFetcher: FeedFetcher;
const results = new Map<string, IngestResult>();
let peakRss = 0;
let baselineRss = 0;

const source = (path: string): Source => ({ id: sourceIdFor(`${base}${path}`), name: path, url: `${base}${path}`, origin: 'opml' });

beforeAll(async () => {
  await generate();
  server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const path = (req.url ?? '/').split('?')[0]!;
    const doc = documents.get(path);
    if (doc) {
      res.writeHead(200, { ...doc.headers, 'content-length': String(doc.body.length) }).end(doc.body);
      return;
    }
    switch (path) {
      case '/huge-declared':
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(50 * MB) });
        stream(res, Buffer.alloc(64 * 1024, 0x20), 50 * MB);
        return;
      case '/huge-chunked':
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        stream(res, Buffer.alloc(64 * 1024, 0x20), 50 * MB);
        return;
      case '/redirect-loop':
        res.writeHead(302, { location: '/redirect-loop?again' }).end();
        return;
      case '/trickle': {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const timer = setInterval(() => res.write('<'), 1000);
        res.on('close', () => clearInterval(timer));
        return;
      }
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The server is on loopback: private addresses allowed, as ALLOW_PRIVATE_SOURCES=1 does.
  fetcher = createFeedFetcher({ timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES, allowPrivate: true });
  trickleFetcher = createFeedFetcher({ timeoutMs: TRICKLE_TIMEOUT_MS, maxBytes: MAX_BYTES, allowPrivate: true });
  const ingestWith = (reader: FeedFetcher): IngestService =>
    createIngestService({
      fetcher: reader,
      articles,
      sourceStates,
      clock: { now: () => Date.now() },
      logger: createLogger({ level: 'silent' }),
      pollMs: 60_000,
      retentionMs: 14 * 24 * HOUR,
      maxItems: 100,
    });
  ingest = ingestWith(fetcher);
  const trickleIngest = ingestWith(trickleFetcher);

  const paths = [
    '/good.rss',
    '/truncated.rss',
    '/entities.rss',
    '/huge-declared',
    '/huge-chunked',
    '/gzip-bomb-encoding',
    '/gzip-bomb-raw',
    '/redirect-loop',
    '/invalid-utf8.rss',
    '/wrong-charset.rss',
    '/page.html',
    '/100k-items.rss',
    ...SHARED_FEEDS.map((name) => `/shared/${name}`),
  ];
  baselineRss = process.memoryUsage().rss;
  const memory = sampleRss();
  const settled = await Promise.all([
    ...paths.map(async (path) => [path, await ingest.ingest(source(path))] as const),
    (async () => ['/trickle', await trickleIngest.ingest(source('/trickle'))] as const)(),
  ]);
  peakRss = memory.stop();
  for (const [path, result] of settled) results.set(path, result);
  console.info(
    `hostile feeds: ${settled.length} sources ingested at once, RSS ${(baselineRss / MB).toFixed(1)} MB before, peak ${(peakRss / MB).toFixed(1)} MB`,
  );
  for (const [path, result] of settled) if (result.status === 'error') console.info(`  ${path}: ${result.error}`);
}, 60_000);

afterAll(async () => {
  await fetcher.close();
  await trickleFetcher.close();
  for (const res of open) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await test.cleanup();
});

async function lastError(path: string): Promise<string | undefined> {
  return (await sourceStates.get(source(path).id)).lastError;
}

describe('hostile feeds, all ingested in one run', () => {
  it(`keeps the process under ${RSS_LIMIT / MB} MB of RSS`, () => {
    expect(peakRss).toBeGreaterThan(0);
    expect(peakRss).toBeLessThan(RSS_LIMIT);
  });

  it('stores the good source next to them', async () => {
    expect(results.get('/good.rss')).toMatchObject({ status: 'ok', stored: 1 });
    expect((await articles.latest('any', 200)).map((article) => article.title)).toContain(GOOD_TITLE);
    expect(await sourceStates.get(source('/good.rss').id)).toMatchObject({ lastResult: 'ok', failures: 0 });
  });

  it.each([
    ['/entities.rss', /entit/i],
    ['/huge-declared', /^feed body too large .*: 52428800 bytes, limit 8388608$|too large/],
    ['/huge-chunked', /too large.*more than 8388608 bytes/],
    ['/gzip-bomb-encoding', /too large.*more than 8388608 bytes/],
    ['/gzip-bomb-raw', /too large once its gzip body is inflated \(more than 8388608 bytes\)$/],
    ['/redirect-loop', /^too many redirects fetching .*\/redirect-loop \(more than 5\)$/],
    ['/trickle', /^timed out fetching .*\/trickle$/],
    ['/page.html', /feed|html/i],
  ])('records a clear error for %s in the source health', async (path, message) => {
    const result = results.get(path);
    expect(result).toMatchObject({ status: 'error' });
    const error = await lastError(path);
    expect(error).toMatch(message);
    expect(result?.status === 'error' && result.error.slice(0, 500)).toBe(error);
    expect(await sourceStates.get(source(path).id)).toMatchObject({ lastResult: 'error', failures: 1 });
  });

  it('fails a truncated document clearly, or reads the items it could', async () => {
    const result = results.get('/truncated.rss');
    if (result?.status === 'error') expect(await lastError('/truncated.rss')).toMatch(/\w{4,}/);
    else expect(result).toMatchObject({ status: 'ok' });
  });

  it('reads invalid UTF-8 and a wrongly declared charset without garbling the text', async () => {
    expect(results.get('/invalid-utf8.rss')).toMatchObject({ status: 'ok', items: 1 });
    expect(results.get('/wrong-charset.rss')).toMatchObject({ status: 'ok', stored: 1 });
    const titles = (await articles.latest('any', 200)).map((article) => article.title);
    expect(titles).toContain('Казахстан и Китай подписали соглашение');
  });

  it('reads only the newest 100 of 100,000 items and counts the rest as dropped', async () => {
    expect(results.get('/100k-items.rss')).toMatchObject({ status: 'ok', items: 100, dropped: 99_900 });
    expect(await sourceStates.get(source('/100k-items.rss').id)).toMatchObject({ itemCount: 100_000, lastDropped: 99_900 });
  });

  it.skipIf(!SHARED_FEEDS_AVAILABLE)('reads or clearly refuses every file of the shared corpus', async () => {
    const failed: string[] = [];
    for (const name of SHARED_FEEDS) {
      const path = `/shared/${name}`;
      const result = results.get(path);
      expect(result, name).toBeDefined();
      const state = await sourceStates.get(source(path).id);
      if (result?.status === 'error') {
        failed.push(name);
        expect(state.lastError, name).toMatch(/\w{4,}/);
      } else {
        expect(result?.status, name).toBe('ok');
        expect(state.lastResult, name).toBe('ok');
      }
    }
    expect(failed).toContain('xml-bomb-billion-laughs.rss');
    expect(await lastError('/shared/xml-bomb-billion-laughs.rss')).toMatch(/entit/i);
  });
});
