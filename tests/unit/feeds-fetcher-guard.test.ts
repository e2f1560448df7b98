import { once } from 'node:events';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeedError } from '../../src/errors';
import { createFeedFetcher, MAX_REDIRECTS, type FeedFetcher } from '../../src/feeds/fetcher';
import { createSourceUrlGuard, type LookupAll } from '../../src/sources/url-safety';

const FEED = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Guarded</title></channel></rss>';

/** A loopback server that records what it was asked. */
interface TestServer {
  server: Server;
  port: string;
  base: string;
  seen: IncomingMessage[];
}

async function startServer(route: (server: TestServer) => RequestListener): Promise<TestServer> {
  const state = { seen: [] as IncomingMessage[] } as TestServer;
  const handler = route(state);
  state.server = createServer((req, res) => {
    state.seen.push(req);
    handler(req, res);
  });
  state.server.listen(0, '127.0.0.1');
  await once(state.server, 'listening');
  state.port = String((state.server.address() as AddressInfo).port);
  state.base = `http://127.0.0.1:${state.port}`;
  return state;
}

async function stopServer(state: TestServer): Promise<void> {
  state.server.closeAllConnections();
  state.server.close();
  await once(state.server, 'close');
}

/** The "public" feed host: every path is a redirect or a feed. */
let publicHost: TestServer;
/** Stands for an internal service (metadata endpoint, Redis…) that must never see a request. */
let internal: TestServer;
/** A second "public" host, for redirects across origins. */
let mirror: TestServer;

/** Every URL the guard was asked about, in order. */
let checked: string[] = [];

beforeAll(async () => {
  internal = await startServer(() => (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED));
  mirror = await startServer(() => (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED));
  publicHost = await startServer(() => (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const hops = /^\/hop\/(\d+)$/.exec(url.pathname);
    if (hops) {
      const left = Number(hops[1]);
      if (left === 0) res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
      else res.writeHead([301, 302, 303, 307, 308][left % 5]!, { location: `/hop/${left - 1}` }).end();
      return;
    }
    switch (url.pathname) {
      case '/feed':
        res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"g1"' }).end(FEED);
        return;
      case '/to-internal':
        res.writeHead(302, { location: `${internal.base}/latest/meta-data/?apikey=topsecret` }).end();
        return;
      case '/dir/relative':
        res.writeHead(301, { location: '../feed' }).end();
        return;
      case '/to-mirror':
        res.writeHead(307, { location: `${mirror.base}/feed` }).end();
        return;
      case '/to-self':
        res.writeHead(308, { location: '/auth' }).end();
        return;
      case '/auth':
        res.writeHead(req.headers.authorization === undefined ? 401 : 200).end(FEED);
        return;
      case '/to-file':
        res.writeHead(302, { location: 'file:///etc/passwd' }).end();
        return;
      default:
        res.writeHead(404).end();
    }
  });
});

afterAll(async () => {
  await Promise.all([publicHost, internal, mirror].map(stopServer));
});

beforeEach(() => {
  checked = [];
  for (const state of [publicHost, internal, mirror]) state.seen.length = 0;
});

/** The real guard, except that the public and mirror servers' ports count as "public" hosts. */
const guard = createSourceUrlGuard({ allowPrivate: false });
async function checkUrl(url: URL): Promise<void> {
  checked.push(url.href);
  if (url.hostname === '127.0.0.1' && (url.port === publicHost.port || url.port === mirror.port)) return;
  await guard(url);
}

// NOTE: every server here is on loopback, so the transport allows private addresses and `checkUrl` stands for the policy.
const guarded = createFeedFetcher({ timeoutMs: 2_000, maxBytes: 4_096, checkUrl, allowPrivate: true });
afterAll(() => guarded.close());

async function fetchError(url: string, fetcher: FeedFetcher = guarded): Promise<FeedError> {
  const error = await fetcher.fetch(url).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof FeedError) return error;
  throw new Error(`expected fetching ${url} to fail with a FeedError, got ${String(error)}`);
}

describe('createFeedFetcher with checkUrl', () => {
  it('refuses a redirect to an internal address, naming the hop, and never contacts it', async () => {
    const error = await fetchError(`${publicHost.base}/to-internal`);
    expect(error).toMatchObject({ code: 'network', retryable: false, data: { url: `${publicHost.base}/to-internal`, redirects: 1, kind: 'loopback' } });
    expect(error.message).toBe(
      `refused redirect 1 from ${publicHost.base}/to-internal to ${internal.base}/latest/meta-data/?apikey=REDACTED: ` +
        '127.0.0.1 is a loopback address. Feeds must be on the public internet (set ALLOW_PRIVATE_SOURCES=1 to allow internal addresses).',
    );
    expect(internal.seen).toHaveLength(0);
    expect(checked).toEqual([`${publicHost.base}/to-internal`, `${internal.base}/latest/meta-data/?apikey=topsecret`]);
  });

  it('refuses an internal first URL before sending anything, with credentials kept out of the message', async () => {
    const error = await fetchError(`http://reader:hunter2@127.0.0.1:${internal.port}/feed`);
    expect(error).toMatchObject({ code: 'network', retryable: false });
    expect(error.message).toMatch(new RegExp(`^refused ${internal.base}/feed: 127\\.0\\.0\\.1 is a loopback address`));
    expect(error.message).not.toContain('hunter2');
    expect(JSON.stringify(error.data)).not.toContain('hunter2');
    expect(internal.seen).toHaveLength(0);
  });

  it(`follows ${MAX_REDIRECTS} redirects but refuses a chain of ${MAX_REDIRECTS + 1}`, async () => {
    const ok = await guarded.fetch(`${publicHost.base}/hop/${MAX_REDIRECTS}`);
    expect(ok.kind === 'ok' && ok.body.toString()).toBe(FEED);
    expect(checked).toHaveLength(MAX_REDIRECTS + 1);

    publicHost.seen.length = 0;
    const error = await fetchError(`${publicHost.base}/hop/${MAX_REDIRECTS + 1}`);
    expect(error).toMatchObject({ code: 'network', retryable: false });
    expect(error.message).toBe(`too many redirects fetching ${publicHost.base}/hop/${MAX_REDIRECTS + 1} (more than ${MAX_REDIRECTS})`);
    // Six requests (hops 6 down to 1), and the seventh URL is never asked for.
    expect(publicHost.seen.map((req) => req.url)).toEqual(['/hop/6', '/hop/5', '/hop/4', '/hop/3', '/hop/2', '/hop/1']);
  });

  it('resolves a relative Location against the current URL and checks it before following', async () => {
    const result = await guarded.fetch(`${publicHost.base}/dir/relative`, { etag: '"other"' });
    expect(result).toMatchObject({ kind: 'ok', etag: '"g1"' });
    expect(result.kind === 'ok' && result.body.toString()).toBe(FEED);
    expect(checked).toEqual([`${publicHost.base}/dir/relative`, `${publicHost.base}/feed`]);
    expect(publicHost.seen.map((req) => req.url)).toEqual(['/dir/relative', '/feed']);
    expect(publicHost.seen[1]?.headers['if-none-match']).toBe('"other"');
  });

  it('sends URL credentials to the same origin after a redirect, never to another one', async () => {
    const same = await guarded.fetch(`http://reader:s3cret@127.0.0.1:${publicHost.port}/to-self`);
    expect(same.kind).toBe('ok');
    expect(publicHost.seen.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('reader:s3cret').toString('base64')}`);

    const other = await guarded.fetch(`http://reader:s3cret@127.0.0.1:${publicHost.port}/to-mirror`);
    expect(other.kind).toBe('ok');
    expect(mirror.seen).toHaveLength(1);
    expect(mirror.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('refuses a redirect to a scheme other than http(s)', async () => {
    const error = await fetchError(`${publicHost.base}/to-file`);
    expect(error).toMatchObject({ code: 'network', retryable: false });
    expect(error.message).toBe(`refused redirect from ${publicHost.base}/to-file to file:///etc/passwd: only http and https are followed`);
  });

  it('reports a host that cannot be resolved now as retryable', async () => {
    const unresolvable = createSourceUrlGuard({
      allowPrivate: false,
      lookup: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      },
    });
    const fetcher = createFeedFetcher({ timeoutMs: 1_000, maxBytes: 4_096, checkUrl: unresolvable });
    const error = await fetchError('http://feeds.invalid/rss', fetcher);
    await fetcher.close();
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(error.message).toBe('could not vet http://feeds.invalid/rss: Cannot resolve the host feeds.invalid (ENOTFOUND); check the URL.');
  });

  it('counts a check that hangs against the time budget', async () => {
    const fetcher = createFeedFetcher({ timeoutMs: 100, maxBytes: 4_096, checkUrl: () => new Promise<void>(() => undefined) });
    expect(await fetchError(`${publicHost.base}/feed`, fetcher)).toMatchObject({ code: 'timeout', retryable: true });
    await fetcher.close();
    expect(publicHost.seen).toHaveLength(0);
  });

  it('refuses local files before asking the guard', async () => {
    const error = await fetchError(new URL('../fixtures/feeds/rss2.xml', import.meta.url).href);
    expect(error.message).toMatch(/only http:\/\/ and https:\/\/ feed URLs are fetched$/);
    expect(checked).toEqual([]);
  });
});

describe('createFeedFetcher with nothing but its limits', () => {
  it('is guarded by default: a loopback feed is refused before any request', async () => {
    const fetcher = createFeedFetcher({ timeoutMs: 2_000, maxBytes: 4_096 });
    const error = await fetchError(`${publicHost.base}/to-internal`, fetcher);
    await fetcher.close();
    expect(error.message).toMatch(new RegExp(`^refused ${publicHost.base}/to-internal: 127\\.0\\.0\\.1 is a loopback address`));
    expect(publicHost.seen).toHaveLength(0);
    expect(internal.seen).toHaveLength(0);
  });
});

describe('createFeedFetcher with its default guard and transport', () => {
  /** Answers each lookup of a name with the next entry of `answers` (the last one repeats), recording the names. */
  function rebinding(...answers: string[]): LookupAll & { asked: string[] } {
    const asked: string[] = [];
    const lookup = async (hostname: string) => {
      const address = answers[Math.min(asked.length, answers.length - 1)]!;
      asked.push(hostname);
      return [{ address, family: address.includes(':') ? 6 : 4 }];
    };
    return Object.assign(lookup, { asked });
  }

  let pools: FeedFetcher[] = [];
  afterEach(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
    pools = [];
  });

  /** The default fetcher: createSourceUrlGuard at each hop, createGuardedFetch as the transport. */
  function pinnedFetcher(allowPrivate: boolean, lookup: LookupAll): FeedFetcher {
    const fetcher = createFeedFetcher({ timeoutMs: 2_000, maxBytes: 4_096, allowPrivate, lookup });
    pools.push(fetcher);
    return fetcher;
  }

  it('refuses to connect when the name rebinds to loopback between the check and the connection', async () => {
    const lookup = rebinding('93.184.216.34', '127.0.0.1');
    const url = `http://feeds.rebind.test:${internal.port}/feed?token=abc`;
    const error = await fetchError(url, pinnedFetcher(false, lookup));

    // The check saw the public answer and let the URL through; the connection asked again and got loopback.
    expect(lookup.asked).toEqual(['feeds.rebind.test', 'feeds.rebind.test']);
    expect(error).toMatchObject({
      code: 'network',
      retryable: false,
      data: { url: `http://feeds.rebind.test:${internal.port}/feed?token=REDACTED`, address: '127.0.0.1', kind: 'loopback' },
    });
    expect(error.message).toBe(
      `refused http://feeds.rebind.test:${internal.port}/feed?token=REDACTED: feeds.rebind.test resolves to 127.0.0.1, a loopback address. ` +
        'Feeds must be on the public internet (set ALLOW_PRIVATE_SOURCES=1 to allow internal addresses).',
    );
    expect(internal.seen).toHaveLength(0);
  });

  it('refuses an internal IP-literal host at connect time even if the check let it through', async () => {
    const fetcher = createFeedFetcher({ timeoutMs: 2_000, maxBytes: 4_096, checkUrl: async () => undefined });
    pools.push(fetcher);
    const error = await fetchError(`${internal.base}/feed`, fetcher);
    expect(error).toMatchObject({ code: 'network', retryable: false, data: { address: '127.0.0.1', kind: 'loopback' } });
    expect(error.message).toMatch(new RegExp(`^refused ${internal.base}/feed: 127\\.0\\.0\\.1 is a loopback address`));
    expect(internal.seen).toHaveLength(0);
  });

  it('connects to the address its own lookup returned when private addresses are allowed', async () => {
    const lookup = rebinding('127.0.0.1');
    const result = await pinnedFetcher(true, lookup).fetch(`http://feeds.pinned.test:${publicHost.port}/feed`);
    expect(result).toMatchObject({ kind: 'ok', etag: '"g1"' });
    expect(result.kind === 'ok' && result.body.toString()).toBe(FEED);
    // No system resolver knows feeds.pinned.test: the connection went where the injected lookup said.
    expect(lookup.asked).toEqual(['feeds.pinned.test']);
    expect(publicHost.seen.map((req) => [req.url, req.headers.host])).toEqual([['/feed', `feeds.pinned.test:${publicHost.port}`]]);
  });
});
