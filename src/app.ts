import { fileURLToPath } from 'node:url';
import { Telegraf, Telegram } from 'telegraf';
import { registerHandlers } from '../handlers';
import { createDeliveryWorker } from '../jobs/delivery-worker';
import { createIngestWorker } from '../jobs/ingest-worker';
import { createQueues } from '../jobs/queues';
import { upsertSchedules } from '../jobs/schedules';
import { createRedisArticleStore } from './articles/article-store';
import { createPermissions } from './bot/permissions';
import { registerCommands } from './bot/register-commands';
import { createChatService } from './chats/chat-service';
import { createRedisChatStore } from './chats/chat-store';
import type { Config } from './config/config';
import { createRedisChatLock } from './delivery/chat-lock';
import { createDeliveryService } from './delivery/delivery-service';
import { createRedisRateLimiter } from './delivery/rate-limiter';
import { createFeedFetcher } from './feeds/fetcher';
import { createIngestService } from './ingest/ingest-service';
import type { Logger } from './observability/logger';
import { createOpmlSourceCatalog } from './sources/source-catalog';
import { createRedisSourceStateStore } from './sources/source-state-store';
import { createKeys } from './storage/keys';
import { createRedis, type Redis } from './storage/redis';
import { createSender } from './telegram/sender';
import { systemClock, type Clock } from './time/clock';

/** The bundled OPML source list. */
export const DEFAULT_FEEDS_FILE = fileURLToPath(new URL('./feeds/sources/default.opml', import.meta.url));

/** Which parts of Silkwire a process runs. */
export interface Roles {
  bot: boolean;
  worker: boolean;
}

/** A running Silkwire process; stop() shuts it down in order. */
export interface App {
  stop(reason?: string): Promise<void>;
}

/** Options for tests and operators beyond the config (e.g. a shorter job lock so a killed worker's jobs resume sooner). */
export interface AppOptions {
  clock?: Clock;
  jobLockMs?: number;
}

async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = createRedis(url, { lazyConnect: true });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    const where = url.replace(/\/\/[^@]*@/, '//***@');
    throw new Error(`Cannot reach Redis at ${where}: ${(error as Error).message}. Start redis-server or set REDIS_URL.`, { cause: error });
  }
}

/**
 * The composition root: builds the object graph from the config and starts the bot and/or the workers.
 * The only module that sees handlers/ and jobs/.
 */
export async function startApp(config: Config, roles: Roles, logger: Logger, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const redis = await connectRedis(config.redis.url, logger);
  const keys = createKeys(config.redis.prefix);
  const articles = createRedisArticleStore({ redis, keys, retentionMs: config.articles.retentionMs });
  const chats = createRedisChatStore({ redis, keys });
  const limiter = createRedisRateLimiter({ redis, keys, perSecond: config.telegram.rateLimitPerSecond });
  const api = new Telegram(config.telegram.token, { apiRoot: config.telegram.apiRoot });
  const sender = createSender({ api, logger, limiter });
  const queues = createQueues({ connection: redis, prefix: config.redis.prefix });
  const closers: Array<() => Promise<unknown>> = [];
  let bot: Telegraf | undefined;

  if (roles.worker) {
    const sourceStates = createRedisSourceStateStore({ redis, keys });
    const sources = createOpmlSourceCatalog(config.feeds.file ?? DEFAULT_FEEDS_FILE);
    await sources.list(); // fail fast on an unreadable source list
    const pollMs = config.feeds.pollSeconds * 1000;
    const fetcher = createFeedFetcher({ timeoutMs: config.feeds.timeoutMs, maxBytes: config.feeds.maxBytes, userAgent: 'Silkwire/0.1 (+news briefing bot)' });
    const ingest = createIngestService({ fetcher, articles, sourceStates, clock, logger, pollMs, retentionMs: config.articles.retentionMs });
    const delivery = createDeliveryService({ chats, articles, sender, lock: createRedisChatLock({ redis, keys }), clock, storeNow: () => articles.now(), logger });
    const ingestWorker = createIngestWorker({ connection: redis, prefix: config.redis.prefix, queues, ingest, articles, sources, sourceStates, clock, logger, pollMs });
    const deliveryWorker = createDeliveryWorker({
      connection: redis,
      prefix: config.redis.prefix,
      keys,
      queues,
      chats,
      articles,
      delivery,
      clock,
      logger,
      ...(options.jobLockMs ? { lockDurationMs: options.jobLockMs } : {}),
    });
    closers.push(() => ingestWorker.close(), () => deliveryWorker.close());
    await upsertSchedules(queues, { pollSeconds: config.feeds.pollSeconds });
  }

  if (roles.bot) {
    bot = new Telegraf(config.telegram.token, { telegram: { apiRoot: config.telegram.apiRoot } });
    const chatService = createChatService({ chats, clock, defaultTimes: config.digest.defaultTimes });
    registerHandlers(bot, { articles, chats: chatService, permissions: createPermissions({ sender }), sender, clock, logger });
    await registerCommands(sender);
    const launched = bot;
    await new Promise<void>((resolve, reject) => {
      launched.launch({ allowedUpdates: ['message', 'callback_query', 'my_chat_member'] }, () => resolve()).catch(reject);
    });
    logger.info({ username: bot.botInfo?.username }, 'bot polling for updates');
  }

  return {
    async stop(reason = 'stop') {
      logger.info({ reason }, 'shutting down');
      bot?.stop(reason);
      await Promise.all(closers.map((close) => close()));
      await queues.close();
      await redis.quit();
    },
  };
}
