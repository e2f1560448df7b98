import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SendPriority } from '../delivery/rate-limiter';
import type { IngestService } from '../ingest/ingest-service';
import type { SenderEvents } from '../telegram/sender';
import type { Clock } from '../time/clock';

/** Why an outgoing Telegram call failed for good, as the sender's typed errors say it. */
export type SendFailureReason = 'gone' | 'migrated' | 'forbidden' | 'bad-request' | 'transient' | 'other';

/** What one fetch of a feed ended with. */
export type FeedFetchResult = 'ok' | 'not-modified' | 'error';

/** The job states whose counts are exported per queue. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** One of the exported job states. */
export type QueueState = (typeof QUEUE_STATES)[number];

/** Job counts per queue name, then per state (extra states are ignored, missing ones count as 0). */
export type QueueCounts = Record<string, Partial<Record<string, number>>>;

/** The callbacks read at scrape time; each is optional so a process exports only what it can see. */
export interface MetricsCollectors {
  /** Job counts per queue and state (see {@link jobCountsOf}). */
  queueCounts?: () => Promise<QueueCounts>;
  /** Articles stored per topic index ('kazakhstan', 'china', 'any'). */
  articleCounts?: () => Promise<Record<string, number>>;
  /** Active subscribed chats per topic. */
  subscriberCounts?: () => Promise<Record<string, number>>;
}

/** What {@link createMetrics} needs: a clock for "last success" times, the scrape-time callbacks and their time budget. */
export interface MetricsDeps extends MetricsCollectors {
  clock: Clock;
  /** Longest wait for one scrape-time callback before its gauge is left empty for that scrape (default 2000 ms). */
  collectTimeoutMs?: number;
  /** Collect the default Node.js process metrics into the registry too (default true). */
  defaultMetrics?: boolean;
}

/** Silkwire's Prometheus metrics: one private registry and typed recorders. */
export interface Metrics {
  /** The registry to serve at /metrics (`await registry.metrics()`, content type `registry.contentType`). */
  readonly registry: Registry;
  /** One Telegram update went through the bot, by telegraf's update type ('message', 'callback_query'…). */
  updateHandled(type: string): void;
  /** One Bot API call succeeded, by method. */
  messageSent(method: string): void;
  /** One Bot API call failed for good, by method and reason. */
  messageFailed(method: string, reason: SendFailureReason): void;
  /** Telegram answered 429 and asked to wait this long. */
  rateLimited(retryAfterMs: number): void;
  /** The first reply to an update was handed to the sender this long after the update queue received the update. */
  replyStarted(ms: number): void;
  /** A message waited this long for its slot from the rate limiter (Telegram's limits), by priority. */
  sendWaited(ms: number, priority: SendPriority): void;
  /** One fetch of a source ended; ok and not-modified also set the source's last success time to now. */
  feedFetched(sourceId: string, result: FeedFetchResult): void;
}

const PREFIX = 'silkwire_';
const DEFAULT_COLLECT_TIMEOUT_MS = 2000;

const FAILURE_REASONS: Readonly<Record<string, SendFailureReason>> = {
  ChatGoneError: 'gone',
  ChatMigratedError: 'migrated',
  ChatForbiddenError: 'forbidden',
  BadRequestError: 'bad-request',
  TransientError: 'transient',
};

/** Maps the error class name the sender reports (ChatGoneError, BadRequestError…) to a failure reason label. */
export function sendFailureReason(errorName: string): SendFailureReason {
  return FAILURE_REASONS[errorName] ?? 'other';
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Creates the metrics on a new registry (never prom-client's global one, so that two instances or two tests never
 * collide). Gauges backed by callbacks are filled at scrape time; a callback that fails or is too slow leaves its
 * gauge empty for that scrape and counts in silkwire_collector_errors_total, so one slow Redis never fails /metrics.
 */
export function createMetrics(deps: MetricsDeps): Metrics {
  const { clock } = deps;
  const collectTimeoutMs = deps.collectTimeoutMs ?? DEFAULT_COLLECT_TIMEOUT_MS;
  const registry = new Registry();
  const registers = [registry];
  if (deps.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const updates = new Counter({ name: `${PREFIX}updates_handled_total`, help: 'Telegram updates handled, by update type.', labelNames: ['type'], registers });
  const sent = new Counter({ name: `${PREFIX}messages_sent_total`, help: 'Bot API calls through the sender that succeeded (sendMessage, editMessageText, answerCallbackQuery…), by method.', labelNames: ['method'], registers });
  const failed = new Counter({
    name: `${PREFIX}messages_failed_total`,
    help: 'Bot API calls through the sender that failed for good, by method and reason (gone, migrated, forbidden, bad-request, transient).',
    labelNames: ['method', 'reason'],
    registers,
  });
  const rateLimited = new Counter({ name: `${PREFIX}telegram_rate_limited_total`, help: 'Telegram 429 replies received.', registers });
  const rateLimitWait = new Counter({ name: `${PREFIX}telegram_rate_limit_wait_seconds_total`, help: 'Seconds of retry_after asked by 429 replies.', registers });
  const fetches = new Counter({ name: `${PREFIX}feed_fetches_total`, help: 'Feed fetches, by source id and result (ok, not-modified, error).', labelNames: ['source', 'result'], registers });
  const lastSuccess = new Gauge({ name: `${PREFIX}feed_last_success_timestamp_seconds`, help: 'Unix time of the last successful fetch of each source.', labelNames: ['source'], registers });
  const replyStarted = new Histogram({
    name: `${PREFIX}update_reply_seconds`,
    help: 'From an update reaching the bot (the update queue taking it from the poller or webhook) to its first reply being handed to the sender; the rate limiter wait and the Bot API call are not included.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const sendWaited = new Histogram({
    name: `${PREFIX}send_wait_seconds`,
    help: 'Time a message waited for its slot from the rate limiter (Telegram\'s global and per-chat limits), by priority (reply, broadcast).',
    labelNames: ['priority'],
    buckets: [0.001, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30],
    registers,
  });
  const inflight = new Set<Promise<unknown>>();
  const failures = new Map<string, number>();

  async function read<T>(collector: string, callback: () => Promise<T>): Promise<T | undefined> {
    const reading = withTimeout(Promise.resolve().then(callback), collectTimeoutMs, collector);
    inflight.add(reading);
    try {
      return await reading;
    } catch {
      failures.set(collector, (failures.get(collector) ?? 0) + 1);
      return undefined;
    } finally {
      inflight.delete(reading);
    }
  }

  const { queueCounts, articleCounts, subscriberCounts } = deps;
  if (queueCounts) {
    new Gauge({
      name: `${PREFIX}queue_jobs`,
      help: 'Jobs per queue and state (waiting, active, delayed, failed), read at scrape time.',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        const counts = await read('queue_jobs', queueCounts);
        this.reset();
        for (const [queue, byState] of Object.entries(counts ?? {})) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, byState[state] ?? 0);
        }
      },
    });
  }
  if (articleCounts) {
    new Gauge({
      name: `${PREFIX}articles_stored`,
      help: 'Articles stored per topic index, read at scrape time.',
      labelNames: ['index'],
      registers,
      async collect() {
        const counts = await read('articles_stored', articleCounts);
        this.reset();
        for (const [index, count] of Object.entries(counts ?? {})) this.set({ index }, count);
      },
    });
  }
  if (subscriberCounts) {
    new Gauge({
      name: `${PREFIX}subscribed_chats`,
      help: 'Active chats subscribed to each topic, read at scrape time.',
      labelNames: ['topic'],
      registers,
      async collect() {
        const counts = await read('subscribed_chats', subscriberCounts);
        this.reset();
        for (const [topic, count] of Object.entries(counts ?? {})) this.set({ topic }, count);
      },
    });
  }

  // NOTE: registered after the gauges, whose collects the registry starts first and in parallel: waiting for their
  // reads here makes a failure show in the same scrape.
  new Counter({
    name: `${PREFIX}collector_errors_total`,
    help: 'Scrape-time callbacks that failed or timed out, by collector.',
    labelNames: ['collector'],
    registers,
    async collect() {
      await Promise.allSettled([...inflight]);
      for (const [collector, count] of failures) {
        this.inc({ collector }, count);
        failures.delete(collector);
      }
    },
  });

  return {
    registry,
    updateHandled: (type) => updates.inc({ type }),
    messageSent: (method) => sent.inc({ method }),
    messageFailed: (method, reason) => failed.inc({ method, reason }),
    rateLimited(retryAfterMs) {
      rateLimited.inc();
      rateLimitWait.inc(Math.max(0, retryAfterMs) / 1000);
    },
    replyStarted: (ms) => replyStarted.observe(Math.max(0, ms) / 1000),
    sendWaited: (ms, priority) => sendWaited.observe({ priority }, Math.max(0, ms) / 1000),
    feedFetched(sourceId, result) {
      fetches.inc({ source: sourceId, result });
      if (result !== 'error') lastSuccess.set({ source: sourceId }, Math.floor(clock.now() / 1000));
    },
  };
}

/** The sender's event hooks, feeding the metrics: pass as `createSender({ …, events: senderEventsFor(metrics) })`. */
export function senderEventsFor(metrics: Metrics): SenderEvents {
  return {
    sent: (method) => metrics.messageSent(method),
    failed: (method, reason) => metrics.messageFailed(method, sendFailureReason(reason)),
    rateLimited: (retryAfterMs) => metrics.rateLimited(retryAfterMs),
    waited: (ms, priority) => metrics.sendWaited(ms, priority),
  };
}

/** Wraps an ingest service so that every fetch counts in the feed metrics; behaviour is otherwise unchanged. */
export function instrumentIngest(ingest: IngestService, metrics: Metrics): IngestService {
  return {
    isDue: (state, now) => ingest.isDue(state, now),
    async ingest(source) {
      try {
        const result = await ingest.ingest(source);
        metrics.feedFetched(source.id, result.status);
        return result;
      } catch (error) {
        metrics.feedFetched(source.id, 'error');
        throw error;
      }
    },
  };
}

/** Anything with BullMQ's Queue#getJobCounts. */
export interface JobCounter {
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

/** Builds a queueCounts callback from named BullMQ queues, e.g. `jobCountsOf({ ingest: queues.ingest, delivery: queues.delivery })`. */
export function jobCountsOf(queues: Readonly<Record<string, JobCounter>>): () => Promise<QueueCounts> {
  return async () => {
    const entries = await Promise.all(
      Object.entries(queues).map(async ([name, queue]) => [name, await queue.getJobCounts(...QUEUE_STATES)] as const),
    );
    return Object.fromEntries(entries);
  };
}

/** A telegraf middleware (`bot.use(countUpdates(metrics))`) counting each update by type once it has been handled. */
export function countUpdates(metrics: Metrics) {
  return async (ctx: { updateType: string }, next: () => Promise<void>): Promise<void> => {
    try {
      await next();
    } finally {
      metrics.updateHandled(ctx.updateType);
    }
  };
}
