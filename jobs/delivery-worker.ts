import { Worker, type Job } from 'bullmq';
import type { ArticleStore } from '../src/articles/article-store';
import type { ChatStore } from '../src/chats/chat-store';
import type { DeliveryService } from '../src/delivery/delivery-service';
import { planAlerts, planDueDigests, type DeliveryBatch } from '../src/delivery/planners';
import { TransientError } from '../src/errors';
import { QUEUES, type DeliveryJobName, type DeliveryJobs } from '../src/jobs-contract';
import type { Logger } from '../src/observability/logger';
import type { Keys } from '../src/storage/keys';
import { runExclusive } from '../src/storage/exclusive';
import type { Redis } from '../src/storage/redis';
import type { Clock } from '../src/time/clock';
import type { Queues } from './queues';

/** What the delivery worker needs from the core. */
export interface DeliveryWorkerDeps {
  connection: Redis;
  prefix: string;
  keys: Keys;
  queues: Queues;
  chats: ChatStore;
  articles: ArticleStore;
  delivery: DeliveryService;
  clock: Clock;
  logger: Logger;
  concurrency?: number;
  /** Chats delivered in parallel inside one batch job. */
  chatConcurrency?: number;
  lockDurationMs?: number;
}

/** Adds delivery batches with addBulk, each under its deterministic id. */
function enqueueWith(deps: DeliveryWorkerDeps) {
  return async (batches: DeliveryBatch[]) => {
    await deps.queues.delivery.addBulk(
      batches.map((batch) => ({
        name: 'deliver-batch' as const,
        data: batch,
        opts: { jobId: batch.id, attempts: 8, backoff: { type: 'exponential', delay: 5000 } },
      })),
    );
  };
}

const BUSY_POLL_MS = 250;
const BUSY_WAIT_MS = 20_000;
const PLANNER_LOCK_MS = 5 * 60_000;

type Processors = { [K in DeliveryJobName]: (job: Job<DeliveryJobs[K]>, deps: DeliveryWorkerDeps) => Promise<unknown> };

const processors: Processors = {
  // Planners run one at a time across all workers: a second one would plan the same chats again.
  async 'plan-digests'(_job, deps) {
    const planned = await runExclusive(deps.connection, deps.keys.plannerLock('digests'), PLANNER_LOCK_MS, () =>
      planDueDigests({ chats: deps.chats, enqueue: enqueueWith(deps) }, deps.clock.now()),
    );
    return planned ?? { skipped: 'another planner is running' };
  },

  async 'plan-alerts'(_job, deps) {
    const planned = await runExclusive(deps.connection, deps.keys.plannerLock('alerts'), PLANNER_LOCK_MS, () =>
      planAlerts({ redis: deps.connection, keys: deps.keys, chats: deps.chats, articles: deps.articles, enqueue: enqueueWith(deps) }),
    );
    return planned ?? { skipped: 'another planner is running' };
  },

  async 'deliver-batch'(job, deps) {
    const { kind, upTo, chatIds } = job.data;
    const owner = `${job.id ?? job.data.id}`;
    const outcomes: Record<string, number> = {};
    const retry: number[] = [];
    let next = 0;
    const lane = async () => {
      while (next < chatIds.length) {
        const chatId = chatIds[next++]!;
        try {
          let outcome = await deps.delivery.deliver(chatId, kind, upTo, owner);
          // Another job is delivering to this chat (e.g. the previous alert): wait for it, then send what it did not.
          for (let waited = 0; outcome.status === 'busy' && waited < BUSY_WAIT_MS; waited += BUSY_POLL_MS) {
            await new Promise((resolve) => setTimeout(resolve, BUSY_POLL_MS));
            outcome = await deps.delivery.deliver(chatId, kind, upTo, owner);
          }
          if (outcome.status === 'busy') throw new TransientError(`chat ${chatId} stayed busy`);
          outcomes[outcome.status] = (outcomes[outcome.status] ?? 0) + 1;
        } catch (error) {
          deps.logger.warn({ err: error, chatId, jobId: job.id }, 'delivery to chat failed; the batch will retry it');
          retry.push(chatId);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.chatConcurrency ?? 3, chatIds.length) }, lane));
    if (retry.length > 0) {
      // Delivered chats are no-ops on retry (their watermark moved), so retrying the whole batch repeats nothing.
      throw new TransientError(`${retry.length} of ${chatIds.length} chats failed`, { chatIds: retry });
    }
    return outcomes;
  },
};

/** Starts the worker that plans digests and alerts and delivers them. */
export function createDeliveryWorker(deps: DeliveryWorkerDeps): Worker<DeliveryJobs[DeliveryJobName], unknown, DeliveryJobName> {
  const worker = new Worker<DeliveryJobs[DeliveryJobName], unknown, DeliveryJobName>(
    QUEUES.delivery,
    async (job) => {
      const log = deps.logger.child({ queue: QUEUES.delivery, job: job.name, jobId: job.id });
      const processor = processors[job.name] as ((job: Job, deps: DeliveryWorkerDeps) => Promise<unknown>) | undefined;
      if (!processor) throw new Error(`unknown delivery job ${job.name}`);
      const started = Date.now();
      const result = await processor(job, deps);
      log.info({ ms: Date.now() - started, result }, 'job done');
      return result;
    },
    {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: deps.concurrency ?? 4,
      ...(deps.lockDurationMs ? { lockDuration: deps.lockDurationMs, stalledInterval: deps.lockDurationMs } : {}),
    },
  );
  worker.on('failed', (job, error) => deps.logger.warn({ err: error, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade }, 'delivery job failed'));
  worker.on('error', (error) => deps.logger.error({ err: error }, 'delivery worker error'));
  return worker;
}
