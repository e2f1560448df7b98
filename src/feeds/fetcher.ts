import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEED_TEMPLATE_SUFFIX, renderFeedTemplate } from './feed-template';
import { gunzipSync } from 'node:zlib';
import { FeedError, SilkwireError } from '../errors';
import { createGuardedFetch, createSourceUrlGuard, redactUrl, type LookupAll } from '../sources/url-safety';

export { redactUrl } from '../sources/url-safety';

/** What one fetch of a feed produced: either "unchanged since last time" or the raw body with its validators. */
export type FetchResult =
  | { kind: 'not-modified' }
  | { kind: 'ok'; body: Buffer; contentType?: string; etag?: string; lastModified?: string };

/** Validators from the previous successful fetch, sent as If-None-Match / If-Modified-Since. */
export interface ConditionalRequest {
  etag?: string;
  lastModified?: string;
}

/** The single choke point for reading feeds: http(s) through the private-address guard, and bundled feed files. */
export interface FeedFetcher {
  /** Fetches an http(s) URL; anything else (file: URLs, paths, other schemes) is refused with a FeedError. */
  fetch(url: string, conditional?: ConditionalRequest): Promise<FetchResult>;
  /** Reads a local feed file for a source of kind `file`; refused unless the file lies inside one of the fetcher's `fileRoots`. */
  readFile(path: string, conditional?: ConditionalRequest): Promise<FetchResult>;
  /** Releases the connection pool; waits for requests in flight. */
  close(): Promise<void>;
}

/** What {@link createFeedFetcher} needs: the limits and the private-address switch; everything else has a safe default. */
export interface FeedFetcherDeps {
  /** Whole-request budget (connect, headers and every byte of the body) in milliseconds. */
  timeoutMs: number;
  /** Largest body accepted, in bytes after content-encoding is undone. */
  maxBytes: number;
  userAgent?: string;
  /** Accept hosts on private, loopback and link-local networks (ALLOW_PRIVATE_SOURCES); false by default. */
  allowPrivate?: boolean;
  /** The resolver for the URL check and for connecting; node:dns by default (tests inject one). */
  lookup?: LookupAll;
  /** Folders whose files {@link FeedFetcher.readFile} may read; by default only the bundled feeds folder. */
  fileRoots?: readonly string[];
  /**
   * Replaces the transport, which by default is createGuardedFetch: a fetch that connects only to vetted addresses.
   * Redirects are still followed by the fetcher itself and every hop still passes the URL check.
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Replaces the URL check run on the first URL and on each redirect hop (default: createSourceUrlGuard); throws to
   * refuse it. A SilkwireError in a fetch failure's cause is reported as a refusal of that hop, like one from the check.
   */
  checkUrl?: (url: URL) => Promise<void>;
}

/** How many redirects the fetcher follows before giving up. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** The User-Agent sent when the caller gives none. */
export const DEFAULT_USER_AGENT = 'Silkwire/0.1 (news briefing bot; feed reader)';

/** The Accept header sent with every feed request: feed types first, generic XML/JSON next, anything last. */
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json;q=0.9, ' +
  'application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, */*;q=0.5';

/** The folder of the feed files shipped with Silkwire (src/feeds/sources), the only one a default fetcher reads. */
export function bundledFeedsDir(): string {
  return fileURLToPath(new URL('./sources/', import.meta.url));
}

/**
 * Builds the feed fetcher: conditional GET, a timeout over the whole body, a streaming size cap, redirects followed by
 * hand, and error mapping to {@link FeedError}. Guarded by default: every URL and redirect hop must be http(s) and,
 * unless `allowPrivate`, resolve only to public addresses, and the connection goes only to an address that was vetted.
 */
export function createFeedFetcher(deps: FeedFetcherDeps): FeedFetcher {
  const userAgent = deps.userAgent ?? DEFAULT_USER_AGENT;
  const { timeoutMs, maxBytes } = deps;
  const safety = { allowPrivate: deps.allowPrivate ?? false, ...(deps.lookup ? { lookup: deps.lookup } : {}) };
  const guarded = deps.fetch === undefined ? createGuardedFetch(safety) : undefined;
  const fetchImpl = deps.fetch ?? guarded!.fetch;
  const checkUrl = deps.checkUrl ?? createSourceUrlGuard(safety);
  const fileRoots = deps.fileRoots ?? [bundledFeedsDir()];

  async function fetchHttp(target: URL, conditional: ConditionalRequest | undefined): Promise<FetchResult> {
    const shown = redactUrl(target.href);
    const headers: Record<string, string> = { accept: FEED_ACCEPT, 'user-agent': userAgent };
    const url = new URL(target.href);
    let authorization: string | undefined;
    if (url.username !== '' || url.password !== '') {
      // NOTE: fetch refuses URLs with credentials; send them as Basic auth and keep them out of the URL.
      const user = safeDecode(url.username);
      const password = safeDecode(url.password);
      authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      headers.authorization = authorization;
      url.username = '';
      url.password = '';
    }
    if (conditional?.etag !== undefined && conditional.etag !== '') headers['if-none-match'] = conditional.etag;
    if (conditional?.lastModified !== undefined && conditional.lastModified !== '') {
      headers['if-modified-since'] = conditional.lastModified;
    }

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetchGuarded(target, url, headers, authorization, controller.signal, checkUrl);

      if (response.status === 304) {
        await discard(response);
        return { kind: 'not-modified' };
      }
      if (!response.ok) {
        await discard(response);
        throw httpError(response, shown);
      }
      const declaredLength = Number(response.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
        await discard(response);
        throw tooLarge(shown, maxBytes, declaredLength);
      }

      const body = inflateCapped(await readCapped(response, controller.signal, shown), shown);
      return withValidators(body, {
        contentType: response.headers.get('content-type'),
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Requests `target` with redirects followed by hand, so that `check` vets the first URL and every hop. */
  async function fetchGuarded(
    target: URL,
    firstUrl: URL,
    headers: Record<string, string>,
    authorization: string | undefined,
    signal: AbortSignal,
    check: (url: URL) => Promise<void>,
  ): Promise<Response> {
    const shown = redactUrl(target.href);
    let current = target;
    let requestUrl = firstUrl;
    let from: string | undefined;
    for (let hop = 0; ; hop += 1) {
      if (hop > 0) {
        // Credentials go only to the origin they were given for, as fetch itself does on a cross-origin redirect.
        if (authorization !== undefined && current.origin === target.origin) headers.authorization = authorization;
        else delete headers.authorization;
      }
      try {
        await untilAborted(check(current), signal);
      } catch (error) {
        if (signal.aborted) throw transportError(error, signal, shown);
        throw refused(error, shown, current, hop, from);
      }
      let response: Response;
      try {
        response = await fetchImpl(requestUrl, { headers, redirect: 'manual', signal });
      } catch (error) {
        const refusal = signal.aborted ? undefined : silkwireCause(error);
        if (refusal !== undefined) throw refused(refusal, shown, current, hop, from);
        throw transportError(error, signal, shown);
      }
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null) return response;
      await discard(response);
      if (hop === MAX_REDIRECTS) {
        throw new FeedError('network', `too many redirects fetching ${shown} (more than ${MAX_REDIRECTS})`, {
          retryable: false,
          data: { url: shown, redirects: hop + 1 },
        });
      }
      // NOTE: every hop is a plain GET (a 303 would turn other methods into GET; the fetcher only sends GET).
      const next = redirectTarget(location, current, shown);
      from = redactUrl(current.href);
      current = next;
      requestUrl = new URL(next.href);
      requestUrl.username = '';
      requestUrl.password = '';
    }
  }

  async function readCapped(response: Response, signal: AbortSignal, shown: string): Promise<Buffer> {
    if (response.body === null) return Buffer.alloc(0);
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge(shown, maxBytes);
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof FeedError) throw error;
      throw transportError(error, signal, shown);
    }
    return Buffer.concat(chunks, total);
  }

  async function readLocal(given: string, conditional: ConditionalRequest | undefined): Promise<FetchResult> {
    const path = given.startsWith('file:') ? safeFileUrlPath(given) : resolve(given);
    let real: string;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      real = await realpath(path);
      info = await stat(real);
    } catch (error) {
      throw fileError(error, path);
    }
    if (!(await isInside(real, fileRoots))) {
      throw new FeedError('network', `refused ${path}: local feed files are read only from the bundled feeds folder`, {
        retryable: false,
        data: { url: path },
      });
    }
    if (!info.isFile()) {
      throw new FeedError('network', `cannot read feed file ${path}: not a regular file`, { retryable: false, data: { url: path } });
    }
    if (info.size > maxBytes) throw tooLarge(path, maxBytes, info.size);

    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const lastModified = info.mtime.toUTCString();
    const unchanged =
      conditional?.etag !== undefined ? conditional.etag === etag : conditional?.lastModified === lastModified;
    if (unchanged) return { kind: 'not-modified' };

    let body: Buffer;
    try {
      body = await readFile(real);
    } catch (error) {
      throw fileError(error, path);
    }
    if (body.length > maxBytes) throw tooLarge(path, maxBytes, body.length);
    if (real.endsWith(FEED_TEMPLATE_SUFFIX)) body = Buffer.from(renderFeedTemplate(body.toString('utf8'), Date.now()));
    return { kind: 'ok', body: inflateCapped(body, path), etag, lastModified };
  }

  /** Inflates a body that is itself gzip (a .gz feed served as is), under the same size cap as any other body. */
  function inflateCapped(body: Buffer, shown: string): Buffer {
    if (body.length < 2 || body[0] !== 0x1f || body[1] !== 0x8b) return body;
    try {
      return gunzipSync(body, { maxOutputLength: maxBytes });
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new FeedError('too-large', `feed ${shown} is too large once its gzip body is inflated (more than ${maxBytes} bytes)`, {
          retryable: false,
          data: { url: shown, maxBytes },
          cause: error,
        });
      }
      throw new FeedError('decode', `gzip feed body from ${shown} is corrupt: ${(error as Error).message}`, { retryable: false, data: { url: shown }, cause: error });
    }
  }

  return {
    fetch: async (url, conditional) => fetchHttp(httpTarget(url), conditional),
    readFile: async (path, conditional) => readLocal(path, conditional),
    close: async () => {
      await guarded?.close();
    },
  };
}

/** Parses a source URL for fetching: http(s) only; file: URLs, bare paths and other schemes are refused. */
function httpTarget(raw: string): URL {
  const url = raw.trim();
  const shown = redactUrl(url);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return parsed;
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[a-z]:[\\/]/i.test(url);
  if (parsed === undefined && hasScheme) {
    throw new FeedError('network', `invalid feed URL ${shown}`, { retryable: false, data: { url: shown } });
  }
  throw new FeedError('network', `refused ${shown}: only http:// and https:// feed URLs are fetched`, { retryable: false, data: { url: shown } });
}

function safeFileUrlPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw new FeedError('network', `invalid feed file URL ${redactUrl(url)}`, { retryable: false, data: { url: redactUrl(url) }, cause: error });
  }
}

/** True when `path` (already real) lies inside one of `roots` (resolved through symlinks as well). */
async function isInside(path: string, roots: readonly string[]): Promise<boolean> {
  for (const root of roots) {
    const realRoot = await realpath(root).catch(() => undefined);
    if (realRoot === undefined) continue;
    const rel = relative(realRoot, path);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return true;
  }
  return false;
}

/** Resolves a redirect's Location against the URL that answered it; only http(s) targets are followed. */
function redirectTarget(location: string, current: URL, shown: string): URL {
  let next: URL;
  try {
    next = new URL(location, current);
  } catch (error) {
    throw new FeedError('network', `invalid redirect from ${redactUrl(current.href)} while fetching ${shown}`, {
      retryable: false,
      data: { url: shown },
      cause: error,
    });
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new FeedError('network', `refused redirect from ${redactUrl(current.href)} to ${redactUrl(next.href)}: only http and https are followed`, {
      retryable: false,
      data: { url: shown, refusedUrl: redactUrl(next.href) },
    });
  }
  return next;
}

/** The FeedError for a URL that `checkUrl` refused (or could not vet, when its error says retrying can help). */
function refused(error: unknown, shown: string, url: URL, hop: number, from: string | undefined): FeedError {
  const target = redactUrl(url.href);
  const retryable = error instanceof SilkwireError && error.retryable;
  const what = from === undefined ? target : `redirect ${hop} from ${from} to ${target}`;
  const reason = error instanceof Error ? error.message : String(error);
  const data: Record<string, unknown> = { ...(error instanceof SilkwireError ? error.data : {}), url: shown, refusedUrl: target };
  if (hop > 0) data.redirects = hop;
  return new FeedError('network', `${retryable ? 'could not vet' : 'refused'} ${what}: ${reason}`, { retryable, data, cause: error });
}

/** The SilkwireError a fetch failure wraps (a refusal by a vetting connector), searched a few causes deep. */
function silkwireCause(error: unknown): SilkwireError | undefined {
  let current = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof SilkwireError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Waits for `promise`, but rejects as soon as `signal` aborts (the promise itself is left to settle unobserved). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      promise.catch(() => undefined);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolvePromise, reject).finally(() => signal.removeEventListener('abort', onAbort)).catch(() => undefined);
  });
}

function withValidators(
  body: Buffer,
  headers: { contentType: string | null; etag: string | null; lastModified: string | null },
): FetchResult {
  const result: Extract<FetchResult, { kind: 'ok' }> = { kind: 'ok', body };
  if (headers.contentType !== null) result.contentType = headers.contentType;
  if (headers.etag !== null) result.etag = headers.etag;
  if (headers.lastModified !== null) result.lastModified = headers.lastModified;
  return result;
}

function httpError(response: Response, shown: string): FeedError {
  const { status } = response;
  const retryable = status >= 500 || status === 429 || status === 408;
  const statusText = response.statusText === '' ? '' : ` ${response.statusText}`;
  const data: Record<string, unknown> = { url: shown, status };
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter !== null) data.retryAfter = retryAfter;
  return new FeedError('http', `HTTP ${status}${statusText} from ${shown}`, { retryable, data });
}

function tooLarge(shown: string, maxBytes: number, size?: number): FeedError {
  const detail = size === undefined ? `more than ${maxBytes} bytes` : `${size} bytes, limit ${maxBytes}`;
  return new FeedError('too-large', `feed ${shown} is too large (${detail})`, {
    retryable: false,
    data: { url: shown, maxBytes, ...(size === undefined ? {} : { size }) },
  });
}

function transportError(error: unknown, signal: AbortSignal, shown: string): FeedError {
  // NOTE: only our timer aborts this signal, so an aborted signal always means the time budget ran out.
  if (signal.aborted) {
    return new FeedError('timeout', `timed out fetching ${shown}`, { retryable: true, data: { url: shown }, cause: error });
  }
  return new FeedError('network', `network error fetching ${shown}: ${describe(error)}`, {
    retryable: true,
    data: { url: shown },
    cause: error,
  });
}

function fileError(error: unknown, path: string): FeedError {
  const code = (error as { code?: unknown }).code;
  const reason = code === 'ENOENT' ? 'no such file' : describe(error);
  return new FeedError('network', `cannot read feed file ${path}: ${reason}`, { retryable: false, data: { url: path }, cause: error });
}

/** A short reason for a transport failure, preferring the system error code (ECONNREFUSED, ENOTFOUND…). */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const candidates = [cause?.code, cause?.message, (error as { code?: unknown } | undefined)?.code, (error as Error | undefined)?.message];
  const reason = candidates.find((value): value is string => typeof value === 'string' && value !== '') ?? 'unknown error';
  return reason.replace(/\/\/[^/?#@\s]*@/g, '//');
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
