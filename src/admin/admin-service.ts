import { TOPIC_IDS, type TopicId } from '../articles/article';
import type { ArticleStore } from '../articles/article-store';
import type { ChatStore } from '../chats/chat-store';
import { FeedError, UserInputError } from '../errors';
import { redactUrl, type FeedFetcher } from '../feeds/fetcher';
import { toOpml } from '../sources/opml';
import { readFeed } from '../feeds/read-feed';
import type { QueueCounts } from '../observability/metrics';
import type { CombinedSourceCatalog, SourceOrigin } from '../sources/runtime-source-store';
import { sourceIdFor, type Source } from '../sources/source';
import type { SourceState, SourceStateStore } from '../sources/source-state-store';
import { checkSourceUrl, type LookupAll } from '../sources/url-safety';
import type { ArticleIndex } from '../storage/keys';
import { cleanText, truncateText } from '../text/clean';
import type { Clock } from '../time/clock';

const DAY_MS = 86_400_000;
const MAX_SOURCE_NAME = 80;
const ARTICLE_INDEXES: readonly ArticleIndex[] = [...TOPIC_IDS, 'any'];

/** The numbers /stats shows. */
export interface AdminStats {
  chats: { total: number; active: number; suspended: number; subscribedByTopic: Record<TopicId, number> };
  articles: { storedByIndex: Record<ArticleIndex, number>; last24hByIndex: Record<ArticleIndex, number> };
  /** Job counts per queue and state; undefined when no callback was given or it failed. */
  queues: QueueCounts | undefined;
  sources: { total: number; failing: SourceReport[] };
}

/** One source with what Silkwire remembers about reading it. */
export interface SourceReport {
  source: Source;
  origin: SourceOrigin;
  state: SourceState;
  /** Since when the source has been failing, when known (its last success, else when it was added). */
  failingSince?: number;
  /** The last fetch failed and the source has not been read successfully for 24 hours. */
  failingFor24h: boolean;
}

/** What adding a source found in the feed. */
export interface AddedSource {
  source: Source;
  format: string;
  items: number;
  /** Items classified into at least one topic. */
  onTopic: number;
}

/** The operator commands: statistics, source health, and managing runtime sources. */
export interface AdminService {
  isAdmin(userId: number | undefined): boolean;
  stats(): Promise<AdminStats>;
  sources(): Promise<SourceReport[]>;
  /** Checks the URL, reads it as a feed, and stores it as a runtime source named after the feed's title. */
  addSource(url: string, addedBy?: number): Promise<AddedSource>;
  /** Removes a runtime source by URL or id. */
  removeSource(urlOrId: string): Promise<Source>;
  /** Every source (OPML and runtime) as an OPML 2.0 document. */
  exportOpml(): Promise<string>;
}

/** What {@link createAdminService} needs. */
export interface AdminServiceDeps {
  /** Telegram user ids of the operators (config.admin.ids). */
  adminIds: readonly number[];
  chats: ChatStore;
  articles: ArticleStore;
  sources: CombinedSourceCatalog;
  sourceStates: SourceStateStore;
  fetcher: FeedFetcher;
  clock: Clock;
  /** Accept feeds on private or loopback addresses (config.admin.allowPrivateSources). */
  allowPrivate: boolean;
  /** Job counts per queue, e.g. jobCountsOf(...) from src/observability/metrics. */
  queueCounts?: () => Promise<QueueCounts>;
  /** Host name resolver for the URL check (tests); node:dns by default. */
  lookup?: LookupAll;
}

/** Creates the admin service. */
export function createAdminService(deps: AdminServiceDeps): AdminService {
  const { chats, articles, sources, sourceStates, fetcher, clock } = deps;
  const admins = new Set(deps.adminIds);

  async function articleCounts(): Promise<AdminStats['articles']> {
    const now = await articles.now();
    const stored = await Promise.all(ARTICLE_INDEXES.map((index) => articles.count(index)));
    const recent = await Promise.all(ARTICLE_INDEXES.map((index) => articles.countSeenBetween(index, now - DAY_MS, now)));
    const byIndex = (values: number[]) => Object.fromEntries(ARTICLE_INDEXES.map((index, i) => [index, values[i] ?? 0])) as Record<ArticleIndex, number>;
    return { storedByIndex: byIndex(stored), last24hByIndex: byIndex(recent) };
  }

  async function sourceReports(): Promise<SourceReport[]> {
    const entries = await sources.entries();
    const states = await sourceStates.getMany(entries.map((entry) => entry.source.id));
    const now = clock.now();
    return entries.map((entry) => {
      const state = states.get(entry.source.id) ?? { failures: 0 };
      const failing = state.lastResult === 'error' && state.failures > 0;
      const failingSince = failing ? (state.lastSuccessAt ?? entry.addedAt) : undefined;
      return {
        source: entry.source,
        origin: entry.origin,
        state,
        ...(failingSince === undefined ? {} : { failingSince }),
        failingFor24h: failingSince !== undefined && now - failingSince >= DAY_MS,
      };
    });
  }

  return {
    isAdmin: (userId) => userId !== undefined && admins.has(userId),

    async stats() {
      const [counts, subscribedByTopic, articleStats, reports, queues] = await Promise.all([
        chats.countByStatus(),
        chats.countByTopic(),
        articleCounts(),
        sourceReports(),
        deps.queueCounts ? deps.queueCounts().catch(() => undefined) : Promise.resolve(undefined),
      ]);
      return {
        chats: { ...counts, subscribedByTopic },
        articles: articleStats,
        queues,
        sources: { total: reports.length, failing: reports.filter((report) => report.state.lastResult === 'error') },
      };
    },

    sources: sourceReports,

    async addSource(url, addedBy) {
      const checked = await checkSourceUrl(url, { allowPrivate: deps.allowPrivate, ...(deps.lookup ? { lookup: deps.lookup } : {}) });
      const shown = redactUrl(checked.href);
      const probe: Source = { id: sourceIdFor(checked.href), name: checked.hostname, url: checked.href };
      const existing = (await sources.find(probe.id)) ?? (await sources.find(probe.url));
      if (existing) throw new UserInputError(`${shown} is already a source ("${existing.source.name}").`, { id: existing.source.id });

      let result: Awaited<ReturnType<typeof readFeed>>;
      try {
        result = await readFeed(fetcher, probe);
      } catch (error) {
        if (!(error instanceof FeedError)) throw error;
        throw new UserInputError(`${shown} could not be read as a feed: ${error.message}`, { url: shown, code: error.code });
      }
      if (result.kind !== 'ok') throw new UserInputError(`${shown} answered "not modified" to a plain request; it cannot be read as a feed.`, { url: shown });

      const title = truncateText(cleanText(result.feed.title ?? ''), MAX_SOURCE_NAME);
      const source: Source = { ...probe, name: title === '' ? checked.hostname : title };
      await sources.add(source, { addedAt: clock.now(), ...(addedBy === undefined ? {} : { addedBy }) });
      return {
        source,
        format: result.feed.format,
        items: result.feed.items.length,
        onTopic: result.articles.filter((article) => article.topics.length > 0).length,
      };
    },

    removeSource: (urlOrId) => sources.remove(urlOrId),

    async exportOpml() {
      return toOpml(await sources.list(), 'Silkwire sources');
    },
  };
}
