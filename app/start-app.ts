import { fileURLToPath } from 'node:url';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { registerHandlers } from '../handlers';
import { createDeliveryWorker } from '../jobs/delivery-worker';
import { createIngestWorker } from '../jobs/ingest-worker';
import { createQueues } from '../jobs/queues';
import { upsertSchedules } from '../jobs/schedules';
import type { BotEvents } from '../src/bot/bot-services';
import { registerCommands } from '../src/bot/register-commands';
import { importLegacyChats } from '../src/chats/legacy-chat-store';
import { createUpdatePoller, type PollCall } from '../src/bot/update-poller';
import { createPersonThrottle, createUpdateQueue, markSlowDown, type QueuedUpdate } from '../src/bot/update-queue';
import type { Config } from '../src/config/config';
import { createHttpServer } from '../src/http/http-server';
import { mountQueueDashboard } from '../src/http/queue-dashboard';
import { createHealthCheck, createUpdateMonitor, healthHandler, ingestSummaryFrom } from '../src/observability/health';
import type { Logger } from '../src/observability/logger';
import { countUpdates, jobCountsOf } from '../src/observability/metrics';
import { createCore } from '../src/core';
import { resolveRedis } from '../src/storage/embedded-redis';
import { connectRedis, connectRedisCluster } from '../src/storage/redis';
import type { SenderEvents } from '../src/telegram/sender';
import { webhookHandler, webhookPath } from '../src/telegram/webhook';
import { systemClock, type Clock } from '../src/time/clock';

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
  /** Called when the process cannot go on (polling refused with 401); main.ts stops and exits 1. Default: log only. */
  onFatal?: (error: Error) => void;
  /** Extra per-update timing hooks beside the metrics (the latest-load bench). */
  botEvents?: BotEvents;
  /** Extra sender hooks beside the metrics (the latest-load bench reads the rate limiter's waits). */
  senderEvents?: SenderEvents;
}

const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'];

/**
 * Starts one Silkwire process: the core (built by createCore), then the bot and/or the workers and the HTTP server.
 * The wiring of handlers/ and jobs/ lives here, outside src/. It needs a bot token: without one, app/main.ts runs the
 * playground, which starts its emulator and then calls this with the emulator's token and API root.
 */
export async function startApp(config: Config, roles: Roles, logger: Logger, options: AppOptions = {}): Promise<App> {
  const token = config.telegram.token;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set: Silkwire needs a bot token (npm start without one runs the playground)');
  const { apiRoot } = config.telegram;
  const clock = options.clock ?? systemClock;
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'));
  };
  try {
    const { cluster } = config.redis;
    const endpoint = cluster ? undefined : await resolveRedis({ url: config.redis.url, dataDir: EMBEDDED_REDIS_DIR, logger });
    if (endpoint) stops.push(() => endpoint.stop());
    const redis = cluster ? await connectRedisCluster(cluster, logger) : await connectRedis(endpoint!.url, logger);
    stops.push(() => redis.quit());

    const queues = createQueues({ connection: redis, prefix: config.redis.prefix });
    stops.push(() => queues.close());
    const queueCounts = jobCountsOf({ ingest: queues.ingest, delivery: queues.delivery });
    const core = createCore(config, redis, {
      clock,
      logger,
      queueCounts,
      ...(options.botEvents ? { botEvents: options.botEvents } : {}),
      ...(options.senderEvents ? { senderEvents: options.senderEvents } : {}),
    });
    stops.push(() => core.close());
    const { sources, sender, metrics } = core;
    await sources.list(); // fail fast on an unreadable source list
    await importLegacyChats({ legacy: core.legacyChats, exclusive: core.exclusive, logger, now: () => clock.now() });
    const pollMs = config.feeds.pollSeconds * 1000;
    const http = createHttpServer({ logger });
    const updates = createUpdateMonitor({ now: () => clock.now() });

    if (roles.worker) {
      const ingestWorker = createIngestWorker({ core, queues });
      const deliveryWorker = createDeliveryWorker({ core, queues, lockDurationMs: config.jobs.lockSeconds * 1000 });
      // NOTE: close() waits for the jobs in flight; main.ts bounds the whole shutdown.
      stops.push(() => Promise.all([ingestWorker.close(), deliveryWorker.close()]));
      await upsertSchedules(queues, { pollSeconds: config.feeds.pollSeconds });
    }

    let updateProblem: string | undefined;
    if (roles.bot) {
      const bot = new Telegraf(token, { telegram: { apiRoot } });
      bot.use(countUpdates(metrics));
      // With a webhook there is no polling loop to watch: every update received counts as updates flowing.
      if (config.webhook) {
        bot.use((_ctx, next) => {
          updates.touch();
          return next();
        });
      }
      registerHandlers(bot, core);
      await registerCommands(sender);
      bot.botInfo ??= await bot.telegram.getMe();
      // Updates run concurrently across chats and in order within one; one person's flood cannot hold up the rest.
      const queue = createUpdateQueue<QueuedUpdate>({
        handle: (update, verdict) => bot.handleUpdate((verdict === 'slow-down' ? markSlowDown(update) : update) as unknown as Update),
        logger,
        throttle: createPersonThrottle({ now: () => clock.now() }),
      });
      if (config.webhook) {
        const path = webhookPath(config.webhook.secret);
        http.app.post(path, webhookHandler({ secret: config.webhook.secret, handleUpdate: (update) => queue.push(update as QueuedUpdate), logger }));
        stops.push(() => queue.drain());
        await sender.call('setWebhook', {
          url: `${config.webhook.url}${path}`,
          secret_token: config.webhook.secret,
          allowed_updates: ALLOWED_UPDATES,
        });
        logger.info({ path: '/telegram/webhook/…' }, 'bot receiving updates by webhook');
      } else {
        await bot.telegram.deleteWebhook();
        const poller = createUpdatePoller<QueuedUpdate>({
          call: ((method, params, callOptions) => core.botApi.callApi(method, params, callOptions)) as PollCall,
          push: (update) => queue.push(update),
          ready: () => queue.ready(),
          drain: () => queue.drain(),
          logger,
          allowedUpdates: ALLOWED_UPDATES,
          onPoll: () => updates.touch(),
          onProblem: (problem) => {
            updateProblem = problem;
          },
          onFatal: options.onFatal ?? (() => undefined),
        });
        poller.start();
        // NOTE: stop() ends the long poll, then waits for every update taken to be handled before Redis closes.
        stops.push(() => poller.stop());
        logger.info({ username: bot.botInfo.username }, 'bot polling for updates');
      }
    }

    const health = createHealthCheck({
      ping: () => redis.ping(),
      lastUpdateAt: () => updates.lastUpdateAt(),
      updateProblem: () => updateProblem,
      ingestSummary: ingestSummaryFrom({ sources, sourceStates: core.sourceStates }),
      now: () => clock.now(),
      roles,
      maxIngestAgeMs: Math.max(3 * pollMs, 30 * 60_000),
    });
    http.app.get('/healthz', healthHandler(() => health.check()));
    http.app.get('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
    if (config.admin.token) mountQueueDashboard(http.app, [queues.ingest, queues.delivery], config.admin.token);
    const url = await http.listen(config.http.port, config.http.host);
    stops.push(() => http.close());

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
