import type { Article, FeedItem, ParsedFeed } from '../articles/article';
import type { Source } from '../sources/source';
import { decodeFeedBody } from './decode';
import type { FeedFetcher } from './fetcher';
import { parseFeed } from './parse';
import { toArticles } from './to-articles';

/** One source read through fetch, decode, parse, normalise and classify: the steps shared by ingest and preview. */
export type FeedReadResult =
  | { kind: 'not-modified' }
  | {
      kind: 'ok';
      /** The feed with at most `maxItems` items: the newest of the document. */
      feed: ParsedFeed;
      articles: Article[];
      /** Items in the document, before the cap. */
      itemCount: number;
      /** Items past the cap, left unread (0 when the document fit). */
      dropped: number;
      etag?: string;
      lastModified?: string;
    };

/** Limits on what one document may contribute. */
export interface ReadFeedOptions {
  /** Read only the newest this many items of a document (FEED_MAX_ITEMS); every item when absent. */
  maxItems?: number;
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
  const parsed = parseFeed(decodeFeedBody(fetched.body, fetched.contentType));
  const items = newestItems(parsed.items, options.maxItems);
  const feed = items === parsed.items ? parsed : { ...parsed, items };
  return {
    kind: 'ok',
    feed,
    articles: toArticles(source, feed),
    itemCount: parsed.items.length,
    dropped: parsed.items.length - items.length,
    ...(fetched.etag ? { etag: fetched.etag } : {}),
    ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
  };
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
