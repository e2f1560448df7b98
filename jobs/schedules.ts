import { SCHEDULER_IDS } from '../src/jobs-contract';
import type { Queues } from './queues';

/** Declares every job schedule in one place, with stable ids; safe to run from every process at start. */
export async function upsertSchedules(queues: Queues, settings: { pollSeconds: number }): Promise<void> {
  await queues.ingest.upsertJobScheduler(
    SCHEDULER_IDS.poll,
    { every: settings.pollSeconds * 1000 },
    { name: 'plan-poll', data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
  );
  await queues.ingest.upsertJobScheduler(
    SCHEDULER_IDS.prune,
    { pattern: '17 * * * *', tz: 'UTC' },
    { name: 'prune-articles', data: {}, opts: { removeOnComplete: { count: 24 }, removeOnFail: { count: 24 } } },
  );
}
