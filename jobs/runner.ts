import { DelayedError, UnrecoverableError, WaitingChildrenError, Worker, type Job } from 'bullmq';
import type { z } from 'zod';
import { isPermanent } from '../src/errors';
import type { Logger } from '../src/observability/logger';
import type { Redis } from '../src/storage/redis';

/** What a processor gets beside its validated payload: the BullMQ job, its lock token and a child logger. */
export interface JobContext {
  job: Job;
  token: string | undefined;
  log: Logger;
}

/** A processor for the jobs of one payload schema: it validates the payload, then runs. */
export interface JobProcessor<Schema extends z.ZodType> {
  readonly schema: Schema;
  run(data: unknown, context: JobContext): Promise<unknown>;
}

/** One processor per job name of a queue, each bound to that job's schema. */
export type Processors<Schemas extends Record<string, z.ZodType>> = { [K in keyof Schemas]: JobProcessor<Schemas[K]> };

/** Binds a processor function to its payload schema: invalid payloads fail for good before it runs. */
export function processor<Schema extends z.ZodType>(schema: Schema, fn: (data: z.output<Schema>, context: JobContext) => Promise<unknown>): JobProcessor<Schema> {
  return {
    schema,
    async run(data, context) {
      const parsed = schema.safeParse(data);
      if (!parsed.success) throw new UnrecoverableError(`invalid ${context.job.name} payload: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
      return fn(parsed.data, context);
    },
  };
}

/** Where and how a queue's worker runs. */
export interface JobRunnerOptions<Schemas extends Record<string, z.ZodType>> {
  queue: string;
  processors: Processors<Schemas>;
  connection: Redis;
  prefix: string;
  logger: Logger;
  concurrency: number;
  lockDurationMs?: number;
}

/**
 * Starts one BullMQ worker for a queue with the single job policy of Silkwire: dispatch by job name to a typed
 * processor after validating the payload; one log line with the time taken; unknown names, invalid payloads and
 * permanent errors fail at once (UnrecoverableError); anything else is transient and retried with the job's backoff.
 */
export function createJobRunner<Schemas extends Record<string, z.ZodType>>(options: JobRunnerOptions<Schemas>): Worker {
  const { queue, processors, logger } = options;

  const isJobName = (name: string): name is Extract<keyof Schemas, string> => Object.hasOwn(processors, name);

  const worker = new Worker(
    queue,
    async (job, token) => {
      const log = logger.child({ queue, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
      const name = job.name;
      if (!isJobName(name)) throw new UnrecoverableError(`unknown job "${name}" on queue ${queue}`);
      const started = performance.now();
      try {
        const result = await processors[name].run(job.data, { job, token, log });
        log.info({ ms: Math.round(performance.now() - started), result }, 'job done');
        return result;
      } catch (error) {
        if (error instanceof DelayedError || error instanceof WaitingChildrenError) {
          log.debug({ ms: Math.round(performance.now() - started) }, 'job waits');
          throw error;
        }
        if (!(error instanceof UnrecoverableError) && isPermanent(error)) {
          throw new UnrecoverableError((error as Error).message);
        }
        throw error;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      // NOTE: a job stalls when its worker dies (kill -9, OOM, redeploy). Every processor is idempotent, so a job that
      // stalled is run again rather than failed after its first stall (BullMQ's default of 1 lost whole batches).
      maxStalledCount: 10,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs } : {}),
    },
  );
  worker.on('failed', (job, error) =>
    logger.warn({ err: error, queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, final: error instanceof UnrecoverableError }, 'job failed'),
  );
  worker.on('error', (error) => logger.error({ err: error, queue }, 'worker error'));
  return worker;
}
