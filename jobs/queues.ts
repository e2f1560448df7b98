import { Queue } from 'bullmq';
import { QUEUES, type DeliveryJobs, type IngestJobs } from '../src/jobs-contract';
import type { Redis } from '../src/storage/redis';

/** A queue typed by its job contract. */
export type TypedQueue<Jobs> = Queue<Jobs[keyof Jobs], unknown, string>;

/** The BullMQ queues of one Silkwire instance, all under its Redis prefix. */
export interface Queues {
  ingest: TypedQueue<IngestJobs>;
  delivery: TypedQueue<DeliveryJobs>;
  close(): Promise<void>;
}

/** Opens the queues on a connection; nothing is scheduled until upsertSchedules runs. */
export function createQueues(deps: { connection: Redis; prefix: string }): Queues {
  const options = {
    connection: deps.connection,
    prefix: deps.prefix,
    defaultJobOptions: { removeOnComplete: { age: 86_400, count: 10_000 }, removeOnFail: { age: 7 * 86_400 } },
  };
  const ingest: TypedQueue<IngestJobs> = new Queue(QUEUES.ingest, options);
  const delivery: TypedQueue<DeliveryJobs> = new Queue(QUEUES.delivery, options);
  return {
    ingest,
    delivery,
    async close() {
      await Promise.all([ingest.close(), delivery.close()]);
    },
  };
}
