import { Queue } from 'bullmq';
import { QUEUES, type IngestJobs } from '../src/jobs-contract';
import type { Redis } from '../src/storage/redis';

/** The BullMQ queues of one Silkwire instance, all under its Redis prefix. */
export interface Queues {
  ingest: Queue<IngestJobs[keyof IngestJobs], unknown, keyof IngestJobs & string>;
  close(): Promise<void>;
}

/** Opens the queues on a connection; nothing is scheduled until upsertSchedules runs. */
export function createQueues(deps: { connection: Redis; prefix: string }): Queues {
  const ingest = new Queue<IngestJobs[keyof IngestJobs], unknown, keyof IngestJobs & string>(QUEUES.ingest, {
    connection: deps.connection,
    prefix: deps.prefix,
    defaultJobOptions: { removeOnComplete: { age: 86_400, count: 5000 }, removeOnFail: { age: 7 * 86_400 } },
  });
  return {
    ingest,
    async close() {
      await ingest.close();
    },
  };
}
