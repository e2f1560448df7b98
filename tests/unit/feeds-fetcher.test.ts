import { once } from 'node:events';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../src/errors';
import { bundledFeedsDir, createFeedFetcher, redactUrl, type FeedFetcher } from '../../src/feeds/fetcher';

const FEED = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loopback</title></channel></rss>';
const CHUNK = 'y'.repeat(16_000);

/** Every request the server saw, so tests can assert on what the fetcher sent. */
const seen: IncomingMessage[] = [];

/** Resolves with how many bytes /big-streamed had written when the client hung up. */
let bigStreamClosed: Promise<number> = Promise.resolve(0);

function route(req: IncomingMessage, res: ServerResponse): void {
  seen.push(req);
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  switch (path) {
    case '/feed':
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res
        .writeHead(200, {
          'content-type': 'application/rss+xml; charset=utf-8',
          etag: '"v1"',
          'last-modified': 'Tue, 17 Feb 2026 10:00:00 GMT',
        })
        .end(FEED);
      return;
    case '/gzip':
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(gzipSync(FEED));
      return;
    case '/redirect':
      res.writeHead(301, { location: '/feed' }).end();
      return;
    case '/slow':
      // Headers never arrive within the test's time budget.
      setTimeout(() => res.writeHead(200).end(FEED), 2_000).unref();
      return;
    case '/slow-body':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss version="2.0">');
      setTimeout(() => res.end('</rss>'), 2_000).unref();
      return;
    case '/big-declared':
      res.writeHead(200, { 'content-length': String(10_000) }).end('x'.repeat(10_000));
      return;
    case '/big-streamed': {
      // No Content-Length: chunked, and it keeps going far past the cap.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      let sent = 0;
      const pump = (): void => {
        while (sent < 64_000_000) {
          sent += 16_000;
          if (!res.write(CHUNK)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('error', () => undefined);
      bigStreamClosed = new Promise((resolveClosed) => res.once('close', () => resolveClosed(sent)));
      pump();
      return;
    }
    case '/missing':
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
      return;
    case '/unavailable':
      res.writeHead(503, { 'retry-after': '120' }).end('down');
      return;
    case '/busy':
      res.writeHead(429).end();
      return;
    case '/auth':
      if (req.headers.authorization === `Basic ${Buffer.from('reader:s3cret').toString('base64')}`) {
        res.writeHead(200).end(FEED);
      } else {
        res.writeHead(401).end();
      }
      return;
    default:
      res.writeHead(500).end();
  }
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(route);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

// The test server is on loopback: allow private addresses, as ALLOW_PRIVATE_SOURCES=1 does.
const fetcher = createFeedFetcher({ timeoutMs: 500, maxBytes: 4_096, userAgent: 'SilkwireTest/1.0', allowPrivate: true });
afterAll(() => fetcher.close());

async function fetchError(url: string, f = fetcher): Promise<FeedError> {
  try {
    await f.fetch(url);
  } catch (error) {
    if (error instanceof FeedError) return error;
    throw error;
  }
  throw new Error(`expected fetching ${url} to fail`);
}

describe('createFeedFetcher over HTTP', () => {
  it('returns the body with its validators and sends feed headers', async () => {
    const result = await fetcher.fetch(`${base}/feed`);
    expect(result).toEqual({
      kind: 'ok',
      body: Buffer.from(FEED),
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Tue, 17 Feb 2026 10:00:00 GMT',
    });
    const request = seen.at(-1);
    expect(request?.headers['user-agent']).toBe('SilkwireTest/1.0');
    expect(request?.headers.accept).toContain('application/rss+xml');
    expect(request?.headers.accept).toContain('application/atom+xml');
  });

  it('sends If-None-Match / If-Modified-Since and reports 304 as not-modified', async () => {
    const result = await fetcher.fetch(`${base}/feed`, { etag: '"v1"', lastModified: 'Tue, 17 Feb 2026 10:00:00 GMT' });
    expect(result).toEqual({ kind: 'not-modified' });
    expect(seen.at(-1)?.headers['if-none-match']).toBe('"v1"');
    expect(seen.at(-1)?.headers['if-modified-since']).toBe('Tue, 17 Feb 2026 10:00:00 GMT');
  });

  it('follows redirects', async () => {
    const result = await fetcher.fetch(`${base}/redirect`);
    expect(result.kind === 'ok' && result.body.toString()).toBe(FEED);
  });

  it('undoes Content-Encoding: gzip', async () => {
    const result = await fetcher.fetch(`${base}/gzip`);
    expect(result.kind === 'ok' && result.body.toString()).toBe(FEED);
  });

  it('times out waiting for headers, retryably', async () => {
    const error = await fetchError(`${base}/slow`);
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(error.message).toContain(`${base}/slow`);
  });

  it('times out while the body trickles in', async () => {
    expect(await fetchError(`${base}/slow-body`)).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('rejects a declared Content-Length over the cap before reading', async () => {
    const error = await fetchError(`${base}/big-declared`);
    expect(error).toMatchObject({ code: 'too-large', retryable: false });
    expect(error.message).toContain('10000 bytes');
  });

  it('aborts a streamed body as soon as it passes the cap', async () => {
    const error = await fetchError(`${base}/big-streamed`);
    expect(error).toMatchObject({ code: 'too-large', retryable: false });
    // The client hung up long before the server could push its 64 MB.
    expect(await bigStreamClosed).toBeLessThan(64_000_000);
  });

  it('treats 404 as permanent, naming the status and the URL', async () => {
    const error = await fetchError(`${base}/missing`);
    expect(error).toMatchObject({ code: 'http', retryable: false, data: { status: 404 } });
    expect(error.message).toContain('404');
    expect(error.message).toContain(`${base}/missing`);
  });

  it('treats 503 and 429 as retryable and keeps Retry-After', async () => {
    expect(await fetchError(`${base}/unavailable`)).toMatchObject({
      code: 'http',
      retryable: true,
      data: { status: 503, retryAfter: '120' },
    });
    expect(await fetchError(`${base}/busy`)).toMatchObject({ code: 'http', retryable: true, data: { status: 429 } });
  });

  it('sends URL credentials as Basic auth and never puts them in messages', async () => {
    const authorised = await fetcher.fetch(`http://reader:s3cret@127.0.0.1:${new URL(base).port}/auth`);
    expect(authorised.kind).toBe('ok');

    const error = await fetchError(`http://reader:wrong-pass@127.0.0.1:${new URL(base).port}/auth`);
    expect(error).toMatchObject({ code: 'http', retryable: false, data: { status: 401 } });
    expect(error.message).not.toContain('wrong-pass');
    expect(JSON.stringify(error.data)).not.toContain('wrong-pass');
  });

  it('maps a refused connection to a retryable network error', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');

    const error = await fetchError(`http://user:hunter2@127.0.0.1:${port}/feed?apikey=topsecret`);
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('topsecret');
  });

  it('uses an injected fetch implementation', async () => {
    const calls: string[] = [];
    const fake: typeof globalThis.fetch = async (input) => {
      calls.push(String(input));
      return new Response(FEED, { status: 200, headers: { etag: 'W/"fake"' } });
    };
    const lookup = async () => [{ address: '93.184.216.34', family: 4 }];
    const result = await createFeedFetcher({ fetch: fake, lookup, timeoutMs: 1_000, maxBytes: 4_096 }).fetch('https://feeds.example/rss');
    expect(calls).toEqual(['https://feeds.example/rss']);
    expect(result).toMatchObject({ kind: 'ok', etag: 'W/"fake"' });
  });
});

describe('createFeedFetcher on local files (sources of kind file)', () => {
  let dir: string;
  let file: string;
  let local: FeedFetcher;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'silkwire-fetcher-'));
    file = join(dir, 'local.xml');
    await writeFile(file, FEED);
    await writeFile(join(dir, 'big.xml'), 'z'.repeat(5_000));
    local = createFeedFetcher({ timeoutMs: 500, maxBytes: 4_096, fileRoots: [dir] });
  });

  afterAll(async () => {
    await local.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function readError(path: string): Promise<FeedError> {
    const error = await local.readFile(path).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (error instanceof FeedError) return error;
    throw new Error(`expected reading ${path} to fail with a FeedError, got ${String(error)}`);
  }

  it('reads absolute paths, relative paths and file: URLs inside its roots', async () => {
    for (const url of [file, relative(process.cwd(), file), pathToFileURL(file).href]) {
      const result = await local.readFile(url);
      expect(result.kind === 'ok' && result.body.toString()).toBe(FEED);
    }
  });

  it('answers a conditional read of an unchanged file with not-modified', async () => {
    const first = await local.readFile(file);
    if (first.kind !== 'ok') throw new Error('expected ok');
    expect(first.lastModified).toBe((await stat(file)).mtime.toUTCString());
    expect(await local.readFile(file, { etag: first.etag })).toEqual({ kind: 'not-modified' });
    expect(await local.readFile(file, { lastModified: first.lastModified })).toEqual({ kind: 'not-modified' });
    expect((await local.readFile(file, { etag: 'W/"other"' })).kind).toBe('ok');
  });

  it('refuses files over the cap and reports missing files permanently', async () => {
    expect(await readError(join(dir, 'big.xml'))).toMatchObject({ code: 'too-large', retryable: false });
    const missing = await readError(join(dir, 'nope.xml'));
    expect(missing).toMatchObject({ code: 'network', retryable: false });
    expect(missing.message).toContain('nope.xml');
  });

  it('refuses files outside its roots, and by default reads only the bundled feeds folder', async () => {
    const outside = await readError(join(dir, '..', 'silkwire-elsewhere.xml'));
    expect(outside.message).toMatch(/no such file|read only from the bundled feeds folder/);
    const bundled = createFeedFetcher({ timeoutMs: 500, maxBytes: 100_000 });
    try {
      expect((await bundled.readFile(join(bundledFeedsDir(), 'sample.rss'))).kind).toBe('ok');
      await expect(bundled.readFile(file)).rejects.toThrow(`refused ${file}: local feed files are read only from the bundled feeds folder`);
    } finally {
      await bundled.close();
    }
  });

  it('never reads a path through fetch()', async () => {
    for (const url of [file, pathToFileURL(file).href]) {
      await expect(local.fetch(url)).rejects.toThrow('only http:// and https:// feed URLs are fetched');
    }
  });

  it('refuses schemes it cannot read', async () => {
    expect(await fetchError('ftp://example.com/feed.xml')).toMatchObject({ retryable: false });
  });
});

describe('redactUrl', () => {
  it('removes credentials and masks secret query values, keeping the rest', () => {
    expect(redactUrl('https://user:pw@example.com/rss?apikey=abc&section=world&token=t')).toBe(
      'https://example.com/rss?apikey=REDACTED&section=world&token=REDACTED',
    );
  });

  it('scrubs credentials even from strings that are not URLs', () => {
    expect(redactUrl('http://user:pw@exa mple.com/')).not.toContain('pw');
  });
});
