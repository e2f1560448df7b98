import type { Worker } from 'bullmq';
import type { Core } from '../src/core';
import { alertPlanJobId, fetchJobId, INGEST_JOBS, QUEUES } from '../src/jobs-contract';
import type { Queues } from './queues';
import { createJobRunner, processor, type Processors } from './runner';

/** What the ingest worker needs: the core and the queues it plans into. */
export interface IngestWorkerDeps {
  core: Pick<Core, 'redis' | 'config' | 'logger' | 'clock' | 'ingest' | 'articles' | 'sources' | 'sourceStates' | 'exclusive'>;
  queues: Queues;
  concurrency?: number;
}

/** The ingest queue's processors: plan polls, fetch sources, prune articles. */
function ingestProcessors({ core, queues }: IngestWorkerDeps): Processors<typeof INGEST_JOBS> {
  const pollMs = core.config.feeds.pollSeconds * 1000;
  return {
    'plan-poll': processor(INGEST_JOBS['plan-poll'], async () => {
      const now = core.clock.now();
      // The origin rides along in the job, so that the ingest reads runtime sources through the guarded fetcher.
      const sources = (await core.sources.entries()).map(({ source, origin }) => ({ ...source, origin }));
      const states = await core.sourceStates.getMany(sources.map((source) => source.id));
      const due = sources.filter((source) => core.ingest.isDue(states.get(source.id) ?? { failures: 0 }, now));
      const slot = Math.floor(now / pollMs);
      await queues.ingest.addBulk(
        due.map((source) => ({ name: 'fetch-source' as const, data: { source, slot }, opts: { jobId: fetchJobId(source.id, slot), attempts: 1 } })),
      );
      return { sources: sources.length, planned: due.length };
    }),

    'fetch-source': processor(INGEST_JOBS['fetch-source'], async ({ source }) => {
      // One fetch of a source at a time: a fetch that outlasts the poll interval is not joined by the next slot's.
      const result = await core.exclusive.run(`fetch-${source.id}`, 2 * core.config.feeds.timeoutMs + 60_000, () => core.ingest.ingest(source));
      if (result === undefined) return { skipped: 'the source is being fetched already' };
      if (result.status === 'ok' && result.created.length > 0) {
        // New articles: plan instant alerts shortly, once for all sources that finish in the same few seconds.
        await queues.delivery.add('plan-alerts', {}, { jobId: alertPlanJobId(core.clock.now()), delay: 2000, removeOnComplete: { count: 100 } });
      }
      return result.status === 'ok' ? { status: result.status, items: result.items, created: result.created.length } : result;
    }),

    'prune-articles': processor(INGEST_JOBS['prune-articles'], async () => {
      return { removed: await core.articles.prune(core.clock.now()) };
    }),
  };
}

/** Starts the worker that plans polls, fetches sources and prunes articles. */
export function createIngestWorker(deps: IngestWorkerDeps): Worker {
  return createJobRunner({
    queue: QUEUES.ingest,
    processors: ingestProcessors(deps),
    connection: deps.core.redis,
    prefix: deps.core.config.redis.prefix,
    logger: deps.core.logger,
    concurrency: deps.concurrency ?? 8,
  });
}
