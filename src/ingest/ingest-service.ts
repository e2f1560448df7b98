import type { ArticleStore } from '../articles/article-store';
import { FeedError } from '../errors';
import type { FeedFetcher } from '../feeds/fetcher';
import { readFeed, type FeedProcessor } from '../feeds/read-feed';
import type { Logger } from '../observability/logger';
import type { Source } from '../sources/source';
import { backoffDelay, type SourceState, type SourceStateStore } from '../sources/source-state-store';
import type { StoryStore } from '../stories/story-store';
import type { Clock } from '../time/clock';

/** What one ingest of one source did. */
export type IngestResult =
  | {
      status: 'ok';
      /** Items read: at most FEED_MAX_ITEMS. */
      items: number;
      stored: number;
      created: string[];
      /** Items past FEED_MAX_ITEMS left unread. */
      dropped?: number;
    }
  | { status: 'not-modified' }
  | { status: 'error'; error: string; retryable: boolean; failures: number };

/** Reads sources into the article store, remembering validators and backing off from failing sources. */
export interface IngestService {
  /** Fetches, parses, classifies and stores one source; never throws for a bad feed (the result says what failed). */
  ingest(source: Source): Promise<IngestResult>;
  /** Whether a source may be fetched now (it is not backing off after failures). */
  isDue(state: SourceState, now: number): boolean;
}

/** True for a bundled feed file read from disk: its items are never dropped for age. */
function isLocal(source: Source): boolean {
  return source.kind === 'file' && source.origin === 'opml';
}

/** Creates the ingest service. */
export function createIngestService(deps: {
  /** Reads every source, OPML and runtime alike, through its private-address guard. */
  fetcher: FeedFetcher;
  articles: ArticleStore;
  sourceStates: SourceStateStore;
  clock: Clock;
  logger: Logger;
  pollMs: number;
  retentionMs: number;
  /** Only the newest this many items of a document are read (FEED_MAX_ITEMS); the rest are counted as dropped. */
  maxItems: number;
  /** Assigns each new article to its story at ingest, so that every process agrees on stories. */
  stories?: Pick<StoryStore, 'assign'>;
  /** Where fetched bodies are decoded, parsed and classified (the core's feed pool: worker threads); in-process when absent. */
  processor?: FeedProcessor;
}): IngestService {
  const { fetcher, articles, sourceStates, clock, logger, pollMs, retentionMs, maxItems, processor } = deps;

  return {
    isDue(state, now) {
      // NOTE: half an interval of slack, so that a poll tick arriving a little early is not mistaken for backoff.
      return state.nextAttemptAt === undefined || state.nextAttemptAt <= now + pollMs / 2;
    },

    async ingest(source) {
      const log = logger.child({ sourceId: source.id });
      const state = await sourceStates.get(source.id);
      try {
        // A bundled file may be read only when the operator's OPML says so: any other source is fetched over http(s).
        const readable: Source = source.kind === 'file' && source.origin !== 'opml' ? { ...source, kind: undefined } : source;
        const result = await readFeed(
          fetcher,
          readable,
          {
            ...(state.etag ? { etag: state.etag } : {}),
            ...(state.lastModified ? { lastModified: state.lastModified } : {}),
          },
          { maxItems, ...(processor ? { processor } : {}) },
        );
        const now = clock.now();
        if (result.kind === 'not-modified') {
          await sourceStates.recordNotModified(source.id, now);
          log.debug('source not modified');
          return { status: 'not-modified' };
        }
        const oldest = now - retentionMs;
        const relevant = result.articles.filter(
          (article) => article.topics.length > 0 && (isLocal(source) || article.publishedAt === null || article.publishedAt >= oldest),
        );
        const created: string[] = [];
        for (const article of relevant) {
          const saved = await articles.save(article);
          if (saved.created) created.push(saved.id);
          if (saved.created && deps.stories) await deps.stories.assign({ ...article, id: saved.id }, article.publishedAt ?? now);
        }
        const newest = result.feed.items.reduce<number | undefined>(
          (max, item) => (item.publishedAt !== undefined && (max === undefined || item.publishedAt > max) ? item.publishedAt : max),
          undefined,
        );
        await sourceStates.recordSuccess(
          source.id,
          {
            ...(result.etag ? { etag: result.etag } : {}),
            ...(result.lastModified ? { lastModified: result.lastModified } : {}),
            itemCount: result.itemCount,
            dropped: result.dropped,
            ...(newest !== undefined ? { newestItemAt: newest } : {}),
          },
          now,
        );
        const items = result.feed.items.length;
        log.info({ items, dropped: result.dropped, onTopic: relevant.length, created: created.length }, 'source ingested');
        return { status: 'ok', items, stored: relevant.length, created, dropped: result.dropped };
      } catch (error) {
        if (!(error instanceof FeedError)) throw error;
        const now = clock.now();
        const failures = await sourceStates.recordFailure(source.id, error.message, now, (n) => now + backoffDelay(n, pollMs));
        // A failing feed is expected (sites go down): one line with the reason, no stack.
        log.warn({ code: error.code, failures, error: error.message }, 'source failed');
        return { status: 'error', error: error.message, retryable: error.retryable, failures };
      }
    },
  };
}
