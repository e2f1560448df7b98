import { fileURLToPath } from 'node:url';
import express from 'express';
import { Telegraf, Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { registerHandlers } from '../handlers';
import { createDeliveryWorker } from '../jobs/delivery-worker';
import { createIngestWorker } from '../jobs/ingest-worker';
import { createQueues } from '../jobs/queues';
import { upsertSchedules } from '../jobs/schedules';
import { createRedisArticleStore } from '../src/articles/article-store';
import { createPermissions } from '../src/bot/permissions';
import { registerCommands } from '../src/bot/register-commands';
import { createChatService } from '../src/chats/chat-service';
import { createRedisChatStore } from '../src/chats/chat-store';
import type { Config } from '../src/config/config';
import { createRedisChatLock } from '../src/delivery/chat-lock';
import { createDeliveryService } from '../src/delivery/delivery-service';
import { createRedisRateLimiter } from '../src/delivery/rate-limiter';
import { createBotApiEmulator, type BotApiEmulator } from '@silkwire/telegram-emulator';
import { createFeedFetcher } from '../src/feeds/fetcher';
import { createHttpServer } from '../src/http/http-server';
import { createAdminService } from '../src/admin/admin-service';
import { mountQueueDashboard } from '../src/http/queue-dashboard';
import { createIngestService } from '../src/ingest/ingest-service';
import { createHealthCheck, createUpdateMonitor, healthHandler, ingestSummaryFrom } from '../src/observability/health';
import type { Logger } from '../src/observability/logger';
import { countUpdates, createMetrics, instrumentIngest, jobCountsOf, senderEventsFor } from '../src/observability/metrics';
import { createPlaygroundRouter } from '@silkwire/telegram-emulator/playground';
import { createCombinedSourceCatalog, createRedisRuntimeSourceStore } from '../src/sources/runtime-source-store';
import { createOpmlSourceCatalog } from '../src/sources/source-catalog';
import { createRedisSourceStateStore } from '../src/sources/source-state-store';
import { resolveRedis } from '../src/storage/embedded-redis';
import { createKeys } from '../src/storage/keys';
import { createRedis, type Redis } from '../src/storage/redis';
import { createSender } from '../src/telegram/sender';
import { webhookHandler, webhookPath } from '../src/telegram/webhook';
import { systemClock, type Clock } from '../src/time/clock';

/** The bundled OPML source list. */
export const DEFAULT_FEEDS_FILE = fileURLToPath(new URL('../src/feeds/sources/default.opml', import.meta.url));

/** Where a private redis-server keeps its data when Silkwire starts one. */
export const EMBEDDED_REDIS_DIR = fileURLToPath(new URL('../data/redis', import.meta.url));

/** Which parts of Silkwire a process runs. */
export interface Roles {
  bot: boolean;
  worker: boolean;
}

/** A running Silkwire process; stop() shuts it down in order. */
export interface App {
  /** The HTTP base URL (health, metrics, playground). */
  url: string;
  stop(reason?: string): Promise<void>;
}

/** Options beyond the config, for tests. */
export interface AppOptions {
  clock?: Clock;
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
 * The composition root: builds the object graph from the config and starts the bot and/or the workers, the HTTP
 * server, and (with no bot token) the playground's built-in Telegram. The only module that sees handlers/ and jobs/.
 */
export async function startApp(config: Config, roles: Roles, logger: Logger, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
  };
  try {
    const endpoint = await resolveRedis({ url: config.redis.url, dataDir: EMBEDDED_REDIS_DIR, logger });
    stops.push(() => endpoint.stop());
    const redis = await connectRedis(endpoint.url, logger);
    stops.push(() => redis.quit());

    let emulator: BotApiEmulator | undefined;
    let token = config.telegram.token;
    let apiRoot = config.telegram.apiRoot;
    if (!token) {
      emulator = createBotApiEmulator({ botUsername: 'silkwire_bot', botName: 'Silkwire', rateLimits: true });
      apiRoot = (await emulator.start(0, '127.0.0.1')).apiRoot;
      token = emulator.token;
      const running = emulator;
      stops.push(() => running.stop());
    }

    const keys = createKeys(config.redis.prefix);
    const articles = createRedisArticleStore({ redis, keys, retentionMs: config.articles.retentionMs });
    const chats = createRedisChatStore({ redis, keys });
    const sourceStates = createRedisSourceStateStore({ redis, keys });
    const sources = createCombinedSourceCatalog(createOpmlSourceCatalog(config.feeds.file ?? DEFAULT_FEEDS_FILE), createRedisRuntimeSourceStore({ redis, keys }));
    await sources.list(); // fail fast on an unreadable source list
    const pollMs = config.feeds.pollSeconds * 1000;
    // NOTE: one fetcher reads every source (OPML and runtime, and /addsource's probe): each request, redirect hop and
    // connected address is vetted against private addresses unless ALLOW_PRIVATE_SOURCES is set.
    const fetcher = createFeedFetcher({
      timeoutMs: config.feeds.timeoutMs,
      maxBytes: config.feeds.maxBytes,
      userAgent: 'Silkwire/0.1 (+news briefing bot)',
      allowPrivate: config.admin.allowPrivateSources,
    });
    stops.push(() => fetcher.close());
    const queues = createQueues({ connection: redis, prefix: config.redis.prefix });
    stops.push(() => queues.close());
    const queueCounts = jobCountsOf({ ingest: queues.ingest, delivery: queues.delivery });
    const metrics = createMetrics({
      clock,
      queueCounts,
      articleCounts: async () => Object.fromEntries(await Promise.all((['kazakhstan', 'china', 'any'] as const).map(async (index) => [index, await articles.count(index)]))),
      subscriberCounts: () => chats.countByTopic(),
    });
    const limiter = createRedisRateLimiter({ redis, keys, perSecond: config.telegram.rateLimitPerSecond });
    const sender = createSender({ api: new Telegram(token, { apiRoot }), logger, limiter, events: senderEventsFor(metrics) });
    const http = createHttpServer();
    const updates = createUpdateMonitor({ now: () => clock.now() });

    if (roles.worker) {
      const ingest = instrumentIngest(
        createIngestService({ fetcher, articles, sourceStates, clock, logger, pollMs, retentionMs: config.articles.retentionMs, maxItems: config.feeds.maxItems }),
        metrics,
      );
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
        lockDurationMs: config.jobs.lockSeconds * 1000,
      });
      // NOTE: close() waits for the jobs in flight; main.ts bounds the whole shutdown.
      stops.push(() => Promise.all([ingestWorker.close(), deliveryWorker.close()]));
      await upsertSchedules(queues, { pollSeconds: config.feeds.pollSeconds });
    }

    if (roles.bot) {
      const bot = new Telegraf(token, { telegram: { apiRoot } });
      const chatService = createChatService({ chats, clock, defaultTimes: config.digest.defaultTimes });
      const admin = createAdminService({
        adminIds: config.admin.ids,
        redis,
        keys,
        chats,
        articles,
        sources,
        sourceStates,
        fetcher,
        clock,
        allowPrivate: config.admin.allowPrivateSources,
        queueCounts,
      });
      bot.use(countUpdates(metrics));
      // With a webhook there is no polling loop to watch: every update received counts as updates flowing.
      if (config.webhook) {
        bot.use((_ctx, next) => {
          updates.touch();
          return next();
        });
      }
      registerHandlers(bot, { articles, chats: chatService, permissions: createPermissions({ sender }), sender, clock, logger, admin });
      await registerCommands(sender);
      if (config.webhook) {
        const path = webhookPath(config.webhook.secret);
        bot.botInfo ??= await bot.telegram.getMe();
        http.app.post(path, express.json({ limit: '1mb' }), webhookHandler({ secret: config.webhook.secret, handleUpdate: (update) => bot.handleUpdate(update as Update), logger }));
        await sender.call('setWebhook', {
          url: `${config.webhook.url}${path}`,
          secret_token: config.webhook.secret,
          allowed_updates: ['message', 'callback_query', 'my_chat_member'],
        });
        logger.info({ path: '/telegram/webhook/…' }, 'bot receiving updates by webhook');
      } else {
        updates.watchPolling(bot.telegram);
        await new Promise<void>((resolve, reject) => {
          bot.launch({ allowedUpdates: ['message', 'callback_query', 'my_chat_member'] }, () => resolve()).catch(reject);
        });
        stops.push(async () => bot.stop('shutdown'));
        logger.info({ username: bot.botInfo?.username }, 'bot polling for updates');
      }
    }

    const health = createHealthCheck({
      ping: () => redis.ping(),
      lastUpdateAt: () => updates.lastUpdateAt(),
      ingestSummary: ingestSummaryFrom({ sources, sourceStates }),
      now: () => clock.now(),
      roles,
      maxIngestAgeMs: Math.max(3 * pollMs, 30 * 60_000),
    });
    http.app.get('/healthz', healthHandler(() => health.check()));
    http.app.get('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
    if (config.admin.token) mountQueueDashboard(http.app, [queues.ingest, queues.delivery], config.admin.token);
    if (emulator) http.app.use(createPlaygroundRouter({ emulator, logger }));
    const url = await http.listen(config.http.port, config.http.host);
    stops.push(() => http.close());
    if (emulator) logger.info({ url: `${url}/` }, `playground ready: open ${url}/ in a browser (no TELEGRAM_BOT_TOKEN set, so Silkwire talks to its built-in Telegram emulator)`);

    return {
      url,
      async stop(reason = 'stop') {
        logger.info({ reason }, 'shutting down');
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
