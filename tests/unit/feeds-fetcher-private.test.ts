import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../src/errors';
import { createFeedFetcher, type FeedFetcher } from '../../src/feeds/fetcher';
import type { LookupAll } from '../../src/sources/url-safety';

const FEED = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Private</title></channel></rss>';
const HINT = 'Feeds must be on the public internet (set ALLOW_PRIVATE_SOURCES=1 to allow internal addresses).';

/** A real internal service on loopback that must never see a request while private addresses are refused. */
let internal: Server;
let internalPort: number;
let internalHits = 0;
let dir: string;
let localFile: string;
const fetchers: FeedFetcher[] = [];

beforeAll(async () => {
  internal = createServer((_req, res) => {
    internalHits += 1;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
  });
  internal.listen(0, '127.0.0.1');
  await once(internal, 'listening');
  internalPort = (internal.address() as AddressInfo).port;
  dir = mkdtempSync(join(tmpdir(), 'silkwire-private-'));
  localFile = join(dir, 'feed.rss');
  writeFileSync(localFile, FEED);
});

afterAll(async () => {
  await Promise.all(fetchers.map((fetcher) => fetcher.close()));
  internal.closeAllConnections();
  internal.close();
  rmSync(dir, { recursive: true, force: true });
});

/** DNS for the test: the public feed host, a name that points inside, and the internal service's name. */
const lookup: LookupAll = async (hostname) => {
  if (hostname === 'feeds.public.test') return [{ address: '93.184.216.34', family: 4 }];
  if (hostname === 'intranet.corp.test') return [{ address: '10.1.2.3', family: 4 }];
  if (hostname === 'loopback.corp.test') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

/**
 * A transport standing for the internet: feeds.public.test answers each path with a redirect to the URL in its
 * query (`/go?to=…`) or with a feed; any other request is recorded as having reached its target.
 */
function internet(reached: string[]): typeof globalThis.fetch {
  return (async (input: string | URL | Request) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    reached.push(url.href);
    if (url.hostname === 'feeds.public.test' && url.pathname === '/go') {
      return new Response(null, { status: 302, headers: { location: url.searchParams.get('to') ?? '/' } });
    }
    return new Response(FEED, { status: 200, headers: { 'content-type': 'application/rss+xml' } });
  }) as typeof globalThis.fetch;
}

function fetcherFor(options: { allowPrivate?: boolean; reached?: string[] } = {}): FeedFetcher {
  const fetcher = createFeedFetcher({
    timeoutMs: 2_000,
    maxBytes: 4_096,
    lookup,
    ...(options.allowPrivate === undefined ? {} : { allowPrivate: options.allowPrivate }),
    ...(options.reached ? { fetch: internet(options.reached) } : {}),
  });
  fetchers.push(fetcher);
  return fetcher;
}

async function fetchError(fetcher: FeedFetcher, url: string): Promise<FeedError> {
  const error = await fetcher.fetch(url).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof FeedError) return error;
  throw new Error(`expected fetching ${url} to fail with a FeedError, got ${String(error)}`);
}

const via = (target: string) => `https://feeds.public.test/go?to=${encodeURIComponent(target)}`;

const REDIRECT_TARGETS: Array<[target: string, reason: string]> = [
  ['http://127.0.0.1:8080/feed', '127.0.0.1 is a loopback address.'],
  ['http://[::1]/feed', '::1 is a loopback address.'],
  ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address.'],
  ['http://[64:ff9b:1::a00:1]/feed', '64:ff9b:1::a00:1 is a local-use NAT64 address.'],
  ['http://[::ffff:127.0.0.1]/feed', '::ffff:7f00:1 is an IPv4-mapped loopback address.'],
  ['http://[::ffff:0:a00:1]/feed', '::ffff:0:a00:1 is an IPv4-translated address.'],
  ['http://[64:ff9b::a9fe:a9fe]/feed', '64:ff9b::a9fe:a9fe is a NAT64 link-local address.'],
  ['http://intranet.corp.test/feed', 'intranet.corp.test resolves to 10.1.2.3, a private address.'],
];

describe('the default feed fetcher refuses private addresses', () => {
  it.each(REDIRECT_TARGETS)('refuses a redirect to %s and never requests it', async (target, reason) => {
    const reached: string[] = [];
    const error = await fetchError(fetcherFor({ reached }), via(target));
    expect(error).toMatchObject({ code: 'network', retryable: false, data: { redirects: 1 } });
    expect(error.message).toBe(`refused redirect 1 from ${via(target)} to ${new URL(target).href}: ${reason} ${HINT}`);
    expect(reached).toEqual([via(target)]);
  });

  it.each(REDIRECT_TARGETS)('refuses %s as the first URL', async (target, reason) => {
    const reached: string[] = [];
    const error = await fetchError(fetcherFor({ reached }), target);
    expect(error.message).toBe(`refused ${new URL(target).href}: ${reason} ${HINT}`);
    expect(reached).toEqual([]);
  });

  it('refuses a name that resolves to loopback on the real transport, without contacting the service', async () => {
    const error = await fetchError(fetcherFor(), `http://loopback.corp.test:${internalPort}/feed`);
    expect(error.message).toContain('loopback.corp.test resolves to 127.0.0.1, a loopback address.');
    const literal = await fetchError(fetcherFor(), `http://127.0.0.1:${internalPort}/feed`);
    expect(literal.message).toBe(`refused http://127.0.0.1:${internalPort}/feed: 127.0.0.1 is a loopback address. ${HINT}`);
    expect(internalHits).toBe(0);
  });

  it.each([
    ['a file: URL', () => pathToFileURL(localFile).href],
    ['an absolute path', () => localFile],
    ['a relative path', () => 'feed.rss'],
    ['another scheme', () => 'ftp://feeds.public.test/feed.rss'],
  ])('refuses %s: only http and https are fetched', async (_what, target) => {
    for (const allowPrivate of [false, true]) {
      const reached: string[] = [];
      const error = await fetchError(fetcherFor({ allowPrivate, reached }), target());
      expect(error).toMatchObject({ code: 'network', retryable: false });
      expect(error.message).toMatch(/^refused .*: only http:\/\/ and https:\/\/ feed URLs are fetched$/);
      expect(reached).toEqual([]);
    }
  });

  it('refuses a redirect to a file: URL even with private addresses allowed', async () => {
    const reached: string[] = [];
    const error = await fetchError(fetcherFor({ allowPrivate: true, reached }), via(pathToFileURL(localFile).href));
    expect(error.message).toContain('only http and https are followed');
    expect(reached).toHaveLength(1);
  });
});

describe('with ALLOW_PRIVATE_SOURCES', () => {
  it.each(REDIRECT_TARGETS)('follows a redirect to %s', async (target) => {
    const reached: string[] = [];
    const result = await fetcherFor({ allowPrivate: true, reached }).fetch(via(target));
    expect(result.kind === 'ok' && result.body.toString()).toBe(FEED);
    expect(reached).toEqual([via(target), new URL(target).href]);
  });

  it('reads a feed on loopback over the real transport', async () => {
    const before = internalHits;
    const result = await fetcherFor({ allowPrivate: true }).fetch(`http://127.0.0.1:${internalPort}/feed`);
    expect(result.kind === 'ok' && result.body.toString()).toBe(FEED);
    expect(internalHits).toBe(before + 1);
  });
});
