import { DelayedError, type Worker } from 'bullmq';
import type { Core } from '../src/core';
import { planAlerts, planDueDigests } from '../src/delivery/planners';
import { TransientError } from '../src/errors';
import { DELIVERY_JOBS, QUEUES, type DeliveryBatch } from '../src/jobs-contract';
import type { Queues } from './queues';
import { createJobRunner, processor, type Processors } from './runner';

/** What the delivery worker needs: the core and the queue it plans into. */
export interface DeliveryWorkerDeps {
  core: Pick<Core, 'redis' | 'config' | 'logger' | 'clock' | 'chatStore' | 'articles' | 'alertPlans' | 'exclusive' | 'delivery'>;
  queues: Queues;
  concurrency?: number;
  lockDurationMs?: number;
}

/** How long a batch waits before trying again the chats another job was delivering to, and how many times. */
const BUSY_DELAY_MS = 1000;
const MAX_BUSY_ROUNDS = 20;
const PLANNER_LOCK_MS = 5 * 60_000;

/** Adds delivery batches with addBulk, each under its deterministic id. */
export function enqueueBatches(queues: Pick<Queues, 'delivery'>) {
  return async (batches: DeliveryBatch[]): Promise<void> => {
    await queues.delivery.addBulk(
      batches.map((batch) => ({
        name: 'deliver-batch' as const,
        data: batch,
        opts: { jobId: batch.id, attempts: 8, backoff: { type: 'exponential', delay: 5000 } },
      })),
    );
  };
}

/** The delivery queue's processors: plan digests and alerts, deliver batches. */
function deliveryProcessors({ core, queues }: DeliveryWorkerDeps): Processors<typeof DELIVERY_JOBS> {
  const enqueue = enqueueBatches(queues);
  return {
    // Planners run one at a time across all workers: a second one would plan the same chats again.
    'plan-digests': processor(DELIVERY_JOBS['plan-digests'], async () => {
      const planned = await core.exclusive.run('digests', PLANNER_LOCK_MS, () => planDueDigests({ chats: core.chatStore, enqueue }, core.clock.now()));
      return planned ?? { skipped: 'another planner is running' };
    }),

    'plan-alerts': processor(DELIVERY_JOBS['plan-alerts'], async () => {
      const planned = await core.exclusive.run('alerts', PLANNER_LOCK_MS, () =>
        planAlerts({ plans: core.alertPlans, chats: core.chatStore, articles: core.articles, enqueue }),
      );
      return planned ?? { skipped: 'another planner is running' };
    }),

    'deliver-batch': processor(DELIVERY_JOBS['deliver-batch'], async (batch, { job, token }) => {
      const { outcomes, busy, failed } = await core.delivery.deliverBatch(batch, job.id ?? batch.id);
      if (failed.length > 0) {
        // Delivered chats are no-ops on retry (their watermark moved), so retrying the rest repeats nothing.
        await job.updateData({ ...batch, chatIds: [...failed, ...busy] });
        throw new TransientError(`${failed.length} of ${batch.chatIds.length} chats failed`, { chatIds: failed });
      }
      if (busy.length > 0) {
        // Another job is delivering to these chats (e.g. the previous alert): come back to them later.
        const rounds = (batch.busyRounds ?? 0) + 1;
        if (rounds > MAX_BUSY_ROUNDS) throw new TransientError(`${busy.length} chats stayed busy`, { chatIds: busy });
        await job.updateData({ ...batch, chatIds: busy, busyRounds: rounds });
        await job.moveToDelayed(Date.now() + BUSY_DELAY_MS, token);
        throw new DelayedError();
      }
      return outcomes;
    }),
  };
}

/** Starts the worker that plans digests and alerts and delivers them. */
export function createDeliveryWorker(deps: DeliveryWorkerDeps): Worker {
  return createJobRunner({
    queue: QUEUES.delivery,
    processors: deliveryProcessors(deps),
    connection: deps.core.redis,
    prefix: deps.core.config.redis.prefix,
    logger: deps.core.logger,
    concurrency: deps.concurrency ?? 4,
    ...(deps.lockDurationMs ? { lockDurationMs: deps.lockDurationMs } : {}),
  });
}
