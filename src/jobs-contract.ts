import type { Source } from './sources/source';

/** Queue names, job names and payloads: the one typed contract between producers and workers. */
export const QUEUES = {
  ingest: 'ingest',
} as const;

/** Payload of each ingest job, by job name. */
export interface IngestJobs {
  /** Planned by the poll scheduler: enqueue one fetch per due source. */
  'plan-poll': Record<string, never>;
  /** Fetch, parse, classify and store one source. */
  'fetch-source': { source: Source; slot: number };
  /** Drop articles past retention. */
  'prune-articles': Record<string, never>;
}

/** The name of an ingest job. */
export type IngestJobName = keyof IngestJobs;

/** Stable ids of the job schedulers, upserted at start. */
export const SCHEDULER_IDS = {
  poll: 'poll-sources',
  prune: 'prune-articles',
} as const;

/** Deterministic id of one source's fetch in one poll slot: a retry or a second planner cannot fetch it twice. */
export function fetchJobId(sourceId: string, slot: number): string {
  return `fetch-${sourceId}-${slot}`;
}
