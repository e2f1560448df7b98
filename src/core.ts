import { fileURLToPath } from 'node:url';
import { createAdminService, type AdminService } from './admin/admin-service';
import { createRedisArticleStore, type ArticleStore } from './articles/article-store';
import type { BotEvents } from './bot/bot-services';
import { createPermissions, type Permissions } from './bot/permissions';
import { createChatService, type ChatService } from './chats/chat-service';
import { createRedisChatStore, type ChatStore } from './chats/chat-store';
import { createLegacyChatImport, type LegacyChatImport } from './chats/legacy-chat-store';
import type { Config } from './config/config';
import { createRedisAlertPlanStore, type AlertPlanStore } from './delivery/alert-plan-store';
import { createDeliveryService, type DeliveryService } from './delivery/delivery-service';
import { createRedisRateLimiter, type RateLimiter } from './delivery/rate-limiter';
import { bundledFeedsDir, createFeedFetcher, type FeedFetcher } from './feeds/fetcher';
import { createFeedPool, type FeedPool } from './ingest/feed-pool';
import { createIngestService, type IngestService } from './ingest/ingest-service';
import { createLatestReplies, type LatestReplies } from './messages/latest-replies';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics, instrumentIngest, senderEventsFor, type Metrics, type QueueCounts } from './observability/metrics';
import { createCombinedSourceCatalog, createRedisRuntimeSourceStore, type CombinedSourceCatalog } from './sources/runtime-source-store';
import { createOpmlSourceCatalog } from './sources/source-catalog';
import { createRedisSourceStateStore, type SourceStateStore } from './sources/source-state-store';
import { createLatestStories, createStoryReader, type LatestStories, type StoryReader } from './stories/story-service';
import { createRedisStoryStore, type StoryStore } from './stories/story-store';
import type { LookupAll } from './sources/url-safety';
import { createKeys, type Keys } from './storage/keys';
import { createRedisChatLock, createRedisExclusiveRunner, type ExclusiveRunner } from './storage/locks';
import type { Redis } from './storage/redis';
import { createBotApi, type BotApi } from './telegram/bot-api-client';
import { asBroadcastSender, createSender, type BotApiClient, type Sender, type SenderEvents } from './telegram/sender';
import { systemClock, type Clock } from './time/clock';

/** The bundled OPML source list. */
export const DEFAULT_FEEDS_FILE = fileURLToPath(new URL('./feeds/sources/default.opml', import.meta.url));

/** What {@link createCore} may be given beyond the config and the Redis connection (tests, benches, entry points). */
export interface CoreOptions {
  clock?: Clock;
  /** The process logger; silent when absent. */
  logger?: Logger;
  /** The Bot API client; Silkwire's own (createBotApi) on the config's token and API root when absent. */
  telegram?: BotApiClient;
  /** Job counts per queue for /stats and /metrics (the app passes its BullMQ queues'). */
  queueCounts?: () => Promise<QueueCounts>;
  /** Extra sender hooks beside the metrics (tests count 429s with it). */
  senderEvents?: SenderEvents;
  /** Extra bot timing hooks beside the metrics (the latest-load bench collects every reply's latency with it). */
  botEvents?: BotEvents;
  /** Host name resolver for the source URL guard (tests); node:dns by default. */
  lookup?: LookupAll;
  /** Chats delivered in parallel inside one batch job. */
  chatConcurrency?: number;
  /** Replaces the Redis rate limiter (handler tests that send hundreds of replies to one chat). */
  limiter?: RateLimiter;
  /** Attempts of the sender for 429, 5xx and network errors (default 6). */
  sendAttempts?: number;
  /** Folders whose feed files the fetcher may read besides the bundled ones (preview reads the files it is given). */
  fileRoots?: readonly string[];
}

/** The wired core of Silkwire: stores, services and the one sender, over one Redis connection. */
export interface Core {
  readonly config: Config;
  readonly redis: Redis;
  readonly keys: Keys;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly articles: ArticleStore;
  readonly chatStore: ChatStore;
  readonly chats: ChatService;
  /** Chats in the storage format before the compact one, to import at start-up. */
  readonly legacyChats: LegacyChatImport;
  readonly sources: CombinedSourceCatalog;
  readonly sourceStates: SourceStateStore;
  readonly alertPlans: AlertPlanStore;
  readonly exclusive: ExclusiveRunner;
  readonly fetcher: FeedFetcher;
  readonly limiter: RateLimiter;
  readonly sender: Sender;
  /** The Bot API client every call goes through (the sender's, and the update poller's long polls). */
  readonly botApi: BotApiClient;
  readonly permissions: Permissions;
  readonly delivery: DeliveryService;
  readonly ingest: IngestService;
  /** Where fetched feeds are decoded, parsed and classified: INGEST_THREADS worker threads, started on first use. */
  readonly feedPool: FeedPool;
  readonly admin: AdminService;
  /** Stories assigned at ingest: which story each article reports, and what each chat was sent. */
  readonly stories: StoryStore;
  /** Reads articles back as stories (/latest, /search, deliveries). */
  readonly storyReader: StoryReader;
  readonly latestStories: LatestStories;
  /** The /latest replies, rendered once per language and second however many people ask. */
  readonly latestReplies: LatestReplies;
  /** Per-update timings of the bot (the update→reply histogram, and any extra hooks given). */
  readonly botEvents: BotEvents;
  /** Releases what the core opened itself (the fetcher's connections, the feed pool's threads); the Redis connection is the caller's. */
  close(): Promise<void>;
}

/** Reports every sender event to both hook sets. */
function bothEvents(a: SenderEvents, b: SenderEvents): SenderEvents {
  return {
    sent(method) {
      a.sent?.(method);
      b.sent?.(method);
    },
    failed(method, reason) {
      a.failed?.(method, reason);
      b.failed?.(method, reason);
    },
    rateLimited(ms) {
      a.rateLimited?.(ms);
      b.rateLimited?.(ms);
    },
    waited(ms, priority) {
      a.waited?.(ms, priority);
      b.waited?.(ms, priority);
    },
  };
}

/** Builds the object graph of the core from a config and a Redis connection; nothing is started. */
export function createCore(config: Config, redis: Redis, options: CoreOptions = {}): Core {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const keys = createKeys(config.redis.prefix);
  const articles = createRedisArticleStore({ redis, keys, retentionMs: config.articles.retentionMs });
  const chatStore = createRedisChatStore({ redis, keys });
  const stories = createRedisStoryStore({ redis, keys, retentionMs: config.articles.retentionMs });
  const storyReader = createStoryReader({ articles, stories });
  const sourceStates = createRedisSourceStateStore({ redis, keys });
  const sources = createCombinedSourceCatalog(createOpmlSourceCatalog(config.feeds.file ?? DEFAULT_FEEDS_FILE), createRedisRuntimeSourceStore({ redis, keys }));
  const metrics = createMetrics({
    clock,
    ...(options.queueCounts ? { queueCounts: options.queueCounts } : {}),
    articleCounts: async () => Object.fromEntries(await Promise.all((['kazakhstan', 'china', 'any'] as const).map(async (index) => [index, await articles.count(index)]))),
    subscriberCounts: () => chatStore.countByTopic(),
  });
  // NOTE: one fetcher reads every source (OPML and runtime, and /addsource's probe): each request, redirect hop and
  // connected address is vetted against private addresses unless ALLOW_PRIVATE_SOURCES is set.
  const fetcher = createFeedFetcher({
    timeoutMs: config.feeds.timeoutMs,
    maxBytes: config.feeds.maxBytes,
    userAgent: 'Silkwire/0.1 (+news briefing bot)',
    allowPrivate: config.admin.allowPrivateSources,
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.fileRoots ? { fileRoots: [bundledFeedsDir(), ...options.fileRoots] } : {}),
  });
  const paidPerSecond = config.telegram.paidBroadcastRate;
  const limiter =
    options.limiter ??
    createRedisRateLimiter({ redis, keys, perSecond: config.telegram.rateLimitPerSecond, ...(paidPerSecond === undefined ? {} : { paidPerSecond }) });
  // NOTE: the core closes only the client it made; a given one belongs to its caller.
  const ownApi: BotApi | undefined = options.telegram ? undefined : createBotApi({ token: config.telegram.token ?? '', apiRoot: config.telegram.apiRoot });
  const api: BotApiClient = options.telegram ?? (ownApi as BotApi);
  const sender = createSender({
    api,
    logger,
    limiter,
    events: bothEvents(senderEventsFor(metrics), options.senderEvents ?? {}),
    ...(options.sendAttempts ? { maxAttempts: options.sendAttempts } : {}),
    callTimeoutMs: config.telegram.callTimeoutMs,
    paidBroadcast: paidPerSecond !== undefined,
  });
  const pollMs = config.feeds.pollSeconds * 1000;
  const feedPool = createFeedPool({ threads: config.feeds.ingestThreads });
  const ingest = instrumentIngest(
    createIngestService({
      fetcher,
      articles,
      sourceStates,
      clock,
      logger,
      pollMs,
      retentionMs: config.articles.retentionMs,
      maxItems: config.feeds.maxItems,
      processor: feedPool.process,
      stories,
    }),
    metrics,
  );
  const delivery = createDeliveryService({
    chats: chatStore,
    articles,
    // NOTE: digests and alerts yield global slots to replies (and go as paid broadcasts when that is set).
    sender: asBroadcastSender(sender),
    lock: createRedisChatLock({ redis, keys }),
    clock,
    storeNow: () => articles.now(),
    logger,
    ...(options.chatConcurrency ? { chatConcurrency: options.chatConcurrency } : {}),
    stories,
    storyReader,
    maxAgeMs: config.digest.maxAgeMs,
  });
  const botEvents: BotEvents = {
    replyStarted(ms) {
      metrics.replyStarted(ms);
      options.botEvents?.replyStarted?.(ms);
    },
  };
  const latestStories = createLatestStories({ articles, storyReader, now: () => clock.now() });
  const admin = createAdminService({
    adminIds: config.admin.ids,
    chats: chatStore,
    articles,
    sources,
    sourceStates,
    fetcher,
    clock,
    allowPrivate: config.admin.allowPrivateSources,
    ...(options.queueCounts ? { queueCounts: options.queueCounts } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
  });
  return Object.freeze({
    config,
    redis,
    keys,
    clock,
    logger,
    metrics,
    articles,
    chatStore,
    legacyChats: createLegacyChatImport({ redis, keys, chats: chatStore }),
    chats: createChatService({ chats: chatStore, clock, defaultTimes: config.digest.defaultTimes }),
    sources,
    sourceStates,
    alertPlans: createRedisAlertPlanStore({ redis, keys }),
    exclusive: createRedisExclusiveRunner({ redis, keys }),
    fetcher,
    limiter,
    sender,
    botApi: api,
    permissions: createPermissions({ sender }),
    delivery,
    ingest,
    feedPool,
    admin,
    stories,
    storyReader,
    latestStories,
    latestReplies: createLatestReplies({ latestStories, now: () => clock.now() }),
    botEvents,
    close: async () => {
      await Promise.all([fetcher.close(), feedPool.close(), ownApi?.close()]);
    },
  });
}
