import { Worker, type Job } from 'bullmq';
import type { ArticleStore } from '../src/articles/article-store';
import type { IngestService } from '../src/ingest/ingest-service';
import { alertPlanJobId, fetchJobId, QUEUES, type IngestJobName, type IngestJobs } from '../src/jobs-contract';
import type { Logger } from '../src/observability/logger';
import type { CombinedSourceCatalog } from '../src/sources/runtime-source-store';
import type { SourceStateStore } from '../src/sources/source-state-store';
import type { Redis } from '../src/storage/redis';
import type { Clock } from '../src/time/clock';
import type { Queues } from './queues';

/** What the ingest worker needs from the core. */
export interface IngestWorkerDeps {
  connection: Redis;
  prefix: string;
  queues: Queues;
  ingest: IngestService;
  articles: ArticleStore;
  sources: Pick<CombinedSourceCatalog, 'entries'>;
  sourceStates: SourceStateStore;
  clock: Clock;
  logger: Logger;
  pollMs: number;
  concurrency?: number;
}

type Processors = { [K in IngestJobName]: (job: Job<IngestJobs[K]>, deps: IngestWorkerDeps) => Promise<unknown> };

const processors: Processors = {
  async 'plan-poll'(_job, deps) {
    const now = deps.clock.now();
    // The origin rides along in the job, so that the ingest reads runtime sources through the guarded fetcher.
    const sources = (await deps.sources.entries()).map(({ source, origin }) => ({ ...source, origin }));
    const states = await deps.sourceStates.getMany(sources.map((source) => source.id));
    const due = sources.filter((source) => deps.ingest.isDue(states.get(source.id) ?? { failures: 0 }, now));
    const slot = Math.floor(now / deps.pollMs);
    await deps.queues.ingest.addBulk(
      due.map((source) => ({
        name: 'fetch-source' as const,
        data: { source, slot },
        opts: { jobId: fetchJobId(source.id, slot), attempts: 1 },
      })),
    );
    return { sources: sources.length, planned: due.length };
  },

  async 'fetch-source'(job, deps) {
    const result = await deps.ingest.ingest(job.data.source);
    if (result.status === 'ok' && result.created.length > 0) {
      // New articles: plan instant alerts shortly, once for all sources that finish in the same few seconds.
      await deps.queues.delivery.add('plan-alerts', {}, { jobId: alertPlanJobId(deps.clock.now()), delay: 2000, removeOnComplete: { count: 100 } });
    }
    return result.status === 'ok' ? { status: result.status, items: result.items, created: result.created.length } : result;
  },

  async 'prune-articles'(_job, deps) {
    return { removed: await deps.articles.prune(deps.clock.now()) };
  },
};

/** Starts the worker that plans polls, fetches sources and prunes articles. */
export function createIngestWorker(deps: IngestWorkerDeps): Worker<IngestJobs[IngestJobName], unknown, IngestJobName> {
  const worker = new Worker<IngestJobs[IngestJobName], unknown, IngestJobName>(
    QUEUES.ingest,
    async (job) => {
      const log = deps.logger.child({ queue: QUEUES.ingest, job: job.name, jobId: job.id });
      const processor = processors[job.name] as (job: Job, deps: IngestWorkerDeps) => Promise<unknown>;
      if (!processor) throw new Error(`unknown ingest job ${job.name}`);
      const started = Date.now();
      const result = await processor(job, deps);
      log.info({ ms: Date.now() - started, result }, 'job done');
      return result;
    },
    { connection: deps.connection, prefix: deps.prefix, concurrency: deps.concurrency ?? 8 },
  );
  worker.on('failed', (job, error) => deps.logger.error({ err: error, job: job?.name, jobId: job?.id }, 'job failed'));
  worker.on('error', (error) => deps.logger.error({ err: error }, 'ingest worker error'));
  return worker;
}
