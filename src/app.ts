import { fileURLToPath } from 'node:url';
import { Telegraf } from 'telegraf';
import type { Worker } from 'bullmq';
import { registerHandlers } from '../handlers';
import { createIngestWorker } from '../jobs/ingest-worker';
import { createQueues, type Queues } from '../jobs/queues';
import { upsertSchedules } from '../jobs/schedules';
import { createRedisArticleStore } from './articles/article-store';
import { registerCommands } from './bot/register-commands';
import type { Config } from './config/config';
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

/**
 * The composition root: builds the object graph from the config and starts the bot and/or the workers.
 * The only module that sees handlers/ and jobs/.
 */
export async function startApp(config: Config, roles: Roles, logger: Logger, clock: Clock = systemClock): Promise<App> {
  const redis: Redis = createRedis(config.redis.url, { lazyConnect: true });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Cannot reach Redis at ${config.redis.url.replace(/\/\/[^@]*@/, '//***@')}: ${(error as Error).message}. Start redis-server or set REDIS_URL.`, { cause: error });
  }

  const keys = createKeys(config.redis.prefix);
  const articles = createRedisArticleStore({ redis, keys, retentionMs: config.articles.retentionMs });
  const sourceStates = createRedisSourceStateStore({ redis, keys });
  const sources = createOpmlSourceCatalog(config.feeds.file ?? DEFAULT_FEEDS_FILE);
  const pollMs = config.feeds.pollSeconds * 1000;
  const queues: Queues = createQueues({ connection: redis, prefix: config.redis.prefix });
  const workers: Worker[] = [];
  let bot: Telegraf | undefined;

  if (roles.worker) {
    await sources.list(); // fail fast on an unreadable source list
    const fetcher = createFeedFetcher({ timeoutMs: config.feeds.timeoutMs, maxBytes: config.feeds.maxBytes, userAgent: 'Silkwire/0.1 (+news briefing bot)' });
    const ingest = createIngestService({ fetcher, articles, sourceStates, clock, logger, pollMs, retentionMs: config.articles.retentionMs });
    workers.push(createIngestWorker({ connection: redis, prefix: config.redis.prefix, queues, ingest, articles, sources, sourceStates, clock, logger, pollMs }));
    await upsertSchedules(queues, { pollSeconds: config.feeds.pollSeconds });
  }

  if (roles.bot) {
    bot = new Telegraf(config.telegram.token, { telegram: { apiRoot: config.telegram.apiRoot } });
    const sender = createSender({ api: bot.telegram, logger });
    registerHandlers(bot, { articles, sender, clock, logger });
    await registerCommands(sender);
    const launched = bot;
    await new Promise<void>((resolve, reject) => {
      launched.launch({ dropPendingUpdates: false }, () => resolve()).catch(reject);
    });
    logger.info({ username: bot.botInfo?.username }, 'bot polling for updates');
  }

  return {
    async stop(reason = 'stop') {
      logger.info({ reason }, 'shutting down');
      if (bot) bot.stop(reason);
      await Promise.all(workers.map((worker) => worker.close()));
      await queues.close();
      await redis.quit();
    },
  };
}
