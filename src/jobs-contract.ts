import { z } from 'zod';
import type { Source } from './sources/source';

/** Queue names, job names and payloads: the one typed contract between producers and workers. */
export const QUEUES = {
  ingest: 'ingest',
  delivery: 'delivery',
} as const;

const empty = z.object({}).strict();

/** A source as it rides in a fetch job. */
const sourceSchema: z.ZodType<Source> = z.object({
  id: z.string().min(1),
  name: z.string(),
  url: z.string().min(1),
  language: z.string().optional(),
  origin: z.enum(['opml', 'runtime']).optional(),
  kind: z.literal('file').optional(),
});

/** A batch of chats to deliver to, as one job; `id` is deterministic so a re-planned batch is not added twice. */
export const deliveryBatchSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['digest', 'alert']),
  upTo: z.number().int(),
  chatIds: z.array(z.number().int()),
  /** How many times the batch has waited for busy chats (bounded). */
  busyRounds: z.number().int().min(0).optional(),
});

/** The payload schema of each ingest job, by job name. */
export const INGEST_JOBS = {
  /** Planned by the poll scheduler: enqueue one fetch per due source. */
  'plan-poll': empty,
  /** Fetch, parse, classify and store one source. */
  'fetch-source': z.object({ source: sourceSchema, slot: z.number().int() }),
  /** Drop articles past retention. */
  'prune-articles': empty,
} as const;

/** The payload schema of each delivery job, by job name. */
export const DELIVERY_JOBS = {
  /** Every few seconds: enqueue the digests that are due. */
  'plan-digests': empty,
  /** After an ingest found new articles (and as a backstop every poll): enqueue instant alerts. */
  'plan-alerts': empty,
  /** Deliver a digest or an alert to a batch of chats. */
  'deliver-batch': deliveryBatchSchema,
} as const;

/** Payloads by job name, for one queue's schemas. */
export type PayloadsOf<Schemas extends Record<string, z.ZodType>> = { [K in keyof Schemas]: z.infer<Schemas[K]> };

/** Payload of each ingest job, by job name. */
export type IngestJobs = PayloadsOf<typeof INGEST_JOBS>;

/** Payload of each delivery job, by job name. */
export type DeliveryJobs = PayloadsOf<typeof DELIVERY_JOBS>;

/** A batch of chats to deliver to, as one job. */
export type DeliveryBatch = z.infer<typeof deliveryBatchSchema>;

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
