// The worker-thread side of the feed pool (see feed-pool.ts): Piscina imports this file in each pool thread and
// calls its default export once per fetched body.
import { getPriority, setPriority } from 'node:os';
import type { FeedErrorCode } from '../errors';
import { FeedError } from '../errors';
import { processFeedBody, type FeedBodyJob, type ProcessedFeed } from '../feeds/read-feed';

/** The nice value of each pool thread: parsing yields the CPU to the thread that paces sends, and to Redis. */
export const FEED_THREAD_NICE = 10;

// NOTE: on Linux a nice value belongs to a thread, and `setPriority` with no pid sets the calling one's: only this
// pool thread runs at the lower priority, never the process's main thread. Where that is refused, it runs as is.
try {
  if (getPriority() < FEED_THREAD_NICE) setPriority(FEED_THREAD_NICE);
} catch {
  // Not permitted here: the thread keeps the process's priority.
}

/** A fetched body as it crosses to a pool thread: the bytes travel as a transferred ArrayBuffer. */
export interface FeedWorkerTask extends Omit<FeedBodyJob, 'body'> {
  body: ArrayBuffer;
}

/** What a pool thread hands back: the processed feed, or the FeedError it raised as plain data. */
export type FeedWorkerReply =
  | { ok: true; value: ProcessedFeed }
  | { ok: false; error: { code: FeedErrorCode; message: string; retryable: boolean; data: Record<string, unknown> } };

/** Processes one body in a pool thread; a FeedError becomes data (a thrown error would lose its code and flags). */
export default function processFeedTask(task: FeedWorkerTask): FeedWorkerReply {
  try {
    return { ok: true, value: processFeedBody({ ...task, body: Buffer.from(task.body) }) };
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    return { ok: false, error: { code: error.code, message: error.message, retryable: error.retryable, data: error.data } };
  }
}
