import { DIGEST_PLAN_EVERY_MS, SCHEDULER_IDS } from '../src/jobs-contract';
import type { Queues } from './queues';

/** Declares every job schedule in one place, with stable ids; safe to run from every process at start. */
export async function upsertSchedules(queues: Queues, settings: { pollSeconds: number }): Promise<void> {
  const keep = { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } };
  await queues.ingest.upsertJobScheduler(SCHEDULER_IDS.poll, { every: settings.pollSeconds * 1000 }, { name: 'plan-poll', data: {}, opts: keep });
  await queues.ingest.upsertJobScheduler(SCHEDULER_IDS.prune, { pattern: '17 * * * *', tz: 'UTC' }, { name: 'prune-articles', data: {}, opts: keep });
  await queues.delivery.upsertJobScheduler(SCHEDULER_IDS.digests, { every: DIGEST_PLAN_EVERY_MS }, { name: 'plan-digests', data: {}, opts: keep });
  await queues.delivery.upsertJobScheduler(SCHEDULER_IDS.alerts, { every: settings.pollSeconds * 1000 }, { name: 'plan-alerts', data: {}, opts: keep });
}
