import type { DeliveryBatch } from './delivery/planners';
import type { Source } from './sources/source';

/** Queue names, job names and payloads: the one typed contract between producers and workers. */
export const QUEUES = {
  ingest: 'ingest',
  delivery: 'delivery',
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

/** Payload of each delivery job, by job name. */
export interface DeliveryJobs {
  /** Every few seconds: enqueue the digests that are due. */
  'plan-digests': Record<string, never>;
  /** After an ingest found new articles (and as a backstop every poll): enqueue instant alerts. */
  'plan-alerts': Record<string, never>;
  /** Deliver a digest or an alert to a batch of chats. */
  'deliver-batch': DeliveryBatch;
}

/** The name of an ingest job. */
export type IngestJobName = keyof IngestJobs;

/** The name of a delivery job. */
export type DeliveryJobName = keyof DeliveryJobs;

/** Stable ids of the job schedulers, upserted at start. */
export const SCHEDULER_IDS = {
  poll: 'poll-sources',
  prune: 'prune-articles',
  digests: 'plan-digests',
  alerts: 'plan-alerts-backstop',
} as const;

/** How often due digests are planned: well inside the 30 seconds a digest may be late. */
export const DIGEST_PLAN_EVERY_MS = 10_000;

/** Deterministic id of one source's fetch in one poll slot: a retry or a second planner cannot fetch it twice. */
export function fetchJobId(sourceId: string, slot: number): string {
  return `fetch-${sourceId}-${slot}`;
}

/** Deterministic id of the alert plan for a short window: sources finishing together share one plan. */
export function alertPlanJobId(now: number, windowMs = 5000): string {
  return `alerts-${Math.floor(now / windowMs)}`;
}
