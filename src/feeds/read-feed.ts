import type { Article, ParsedFeed } from '../articles/article';
import type { Source } from '../sources/source';
import { decodeFeedBody } from './decode';
import type { FeedFetcher } from './fetcher';
import { parseFeed } from './parse';
import { toArticles } from './to-articles';

/** One source read through fetch, decode, parse, normalise and classify: the steps shared by ingest and preview. */
export type FeedReadResult =
  | { kind: 'not-modified' }
  | { kind: 'ok'; feed: ParsedFeed; articles: Article[]; etag?: string; lastModified?: string };

/** Reads one source end to end without storing anything; throws FeedError when it cannot be read. */
export async function readFeed(
  fetcher: FeedFetcher,
  source: Source,
  conditional: { etag?: string; lastModified?: string } = {},
): Promise<FeedReadResult> {
  const fetched = await fetcher.fetch(source.url, conditional);
  if (fetched.kind === 'not-modified') return fetched;
  const feed = parseFeed(decodeFeedBody(fetched.body, fetched.contentType));
  return {
    kind: 'ok',
    feed,
    articles: toArticles(source, feed),
    ...(fetched.etag ? { etag: fetched.etag } : {}),
    ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
  };
}
