import type { Article, FeedItem, ParsedFeed } from '../articles/article';
import type { Source } from '../sources/source';
import { decodeFeedBody } from './decode';
import type { FeedFetcher } from './fetcher';
import { parseFeed } from './parse';
import { toArticles } from './to-articles';

/** One source read through fetch, decode, parse, normalise and classify: the steps shared by ingest and preview. */
export type FeedReadResult =
  | { kind: 'not-modified' }
  | ({
      kind: 'ok';
      etag?: string;
      lastModified?: string;
    } & ProcessedFeed);

/** What the CPU part of a read (decode → trim → parse → newest items → articles) makes of one fetched body. */
export interface ProcessedFeed {
  /** The feed with at most `maxItems` items: the newest of the document. */
  feed: ParsedFeed;
  articles: Article[];
  /** Items in the document, before the cap. */
  itemCount: number;
  /** Items past the cap, left unread (0 when the document fit). */
  dropped: number;
}

/** One fetched body to turn into articles: what {@link processFeedBody} and a {@link FeedProcessor} are given. */
export interface FeedBodyJob {
  source: Source;
  body: Buffer;
  contentType?: string;
  maxItems?: number;
}

/**
 * Runs the CPU part of a read somewhere (in this thread, or in a worker thread so that the event loop stays free);
 * rejects with the same FeedError {@link processFeedBody} throws. It may take ownership of `job.body`.
 */
export type FeedProcessor = (job: FeedBodyJob) => Promise<ProcessedFeed>;

/** Limits on what one document may contribute, and where its body is processed. */
export interface ReadFeedOptions {
  /** Read only the newest this many items of a document (FEED_MAX_ITEMS); every item when absent. */
  maxItems?: number;
  /** Where the body is decoded, parsed and classified; in this thread when absent. */
  processor?: FeedProcessor;
}

/** Reads one source end to end without storing anything; throws FeedError when it cannot be read. */
export async function readFeed(
  fetcher: FeedFetcher,
  source: Source,
  conditional: { etag?: string; lastModified?: string } = {},
  options: ReadFeedOptions = {},
): Promise<FeedReadResult> {
  const fetched = source.kind === 'file' ? await fetcher.readFile(source.url, conditional) : await fetcher.fetch(source.url, conditional);
  if (fetched.kind === 'not-modified') return fetched;
  const job: FeedBodyJob = {
    source,
    body: fetched.body,
    ...(fetched.contentType !== undefined ? { contentType: fetched.contentType } : {}),
    ...(options.maxItems !== undefined ? { maxItems: options.maxItems } : {}),
  };
  const processed = options.processor ? await options.processor(job) : processFeedBody(job);
  return {
    kind: 'ok',
    ...processed,
    ...(fetched.etag ? { etag: fetched.etag } : {}),
    ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
  };
}

/** Decodes, trims, parses, keeps the newest items of and converts one fetched body, synchronously; throws FeedError. */
export function processFeedBody(job: FeedBodyJob): ProcessedFeed {
  const { source, body, contentType, maxItems } = job;
  const text = decodeFeedBody(body, contentType);
  const trimmed = maxItems === undefined ? { text, skipped: 0 } : trimItems(text, PARSE_ITEMS_PER_KEPT * maxItems);
  const parsed = parseFeed(trimmed.text);
  const items = newestItems(parsed.items, maxItems);
  const feed = items === parsed.items ? parsed : { ...parsed, items };
  const itemCount = parsed.items.length + trimmed.skipped;
  return { feed, articles: toArticles(source, feed), itemCount, dropped: itemCount - items.length };
}
/** How many items per kept item are parsed at most: the rest of a huge document is cut before parsing. */
const PARSE_ITEMS_PER_KEPT = 10;

const ITEM_OPEN = /<(?:item|entry)(?=[\s>/])/g;
const ITEM_CLOSE = /<\/(?:item|entry)\s*>/g;

/**
 * Cuts an XML feed with more than `limit` items (`<item>` or `<entry>`) down to its first and last `limit / 2` before
 * it is parsed, so that a document of 100,000 items costs what one of `limit` does; feeds list their newest items
 * first or, more rarely, last, and {@link newestItems} picks among the kept ones by date. Returns the text and how
 * many items were cut. NOTE: a text scan, not a parse: tags inside CDATA or comments can make the cut document
 * invalid, which then fails to parse like any other broken feed.
 */
export function trimItems(text: string, limit: number): { text: string; skipped: number } {
  const opens: number[] = [];
  for (const match of text.matchAll(ITEM_OPEN)) opens.push(match.index);
  if (opens.length <= limit) return { text, skipped: 0 };
  let end = -1;
  for (const match of text.matchAll(ITEM_CLOSE)) end = match.index + match[0].length;
  if (end < opens.at(-1)!) return { text, skipped: 0 };
  const head = Math.ceil(limit / 2);
  const tail = limit - head;
  const cutFrom = opens[head]!;
  const cutTo = opens[opens.length - tail]!;
  return { text: text.slice(0, cutFrom) + text.slice(cutTo), skipped: opens.length - limit };
}

/**
 * The newest `max` items in document order: by publication time where items have one (undated items rank after
 * dated ones), and by position otherwise, since feeds list their newest items first.
 */
export function newestItems(items: FeedItem[], max: number | undefined): FeedItem[] {
  if (max === undefined || items.length <= max) return items;
  const ranked = items
    .map((item, index) => ({ index, at: item.publishedAt ?? Number.NEGATIVE_INFINITY }))
    .sort((a, b) => b.at - a.at || a.index - b.index)
    .slice(0, Math.max(0, max))
    .map((entry) => entry.index)
    .sort((a, b) => a - b);
  return ranked.map((index) => items[index]!);
}
