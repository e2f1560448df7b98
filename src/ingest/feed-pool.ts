import { Piscina } from 'piscina';
import { FeedError } from '../errors';
import { processFeedBody, type FeedBodyJob, type FeedProcessor } from '../feeds/read-feed';
import type { FeedWorkerReply, FeedWorkerTask } from './feed-worker';

/** Where fetched feed bodies are decoded, parsed and classified: worker threads, or this thread when it has none. */
export interface FeedPool {
  /** Processes one body; its bytes are moved to the worker thread (the caller's Buffer is emptied). */
  readonly process: FeedProcessor;
  /** Worker threads in the pool (0: bodies are processed in the calling thread). */
  readonly threads: number;
  /** Stops the worker threads; bodies still queued are rejected. */
  close(): Promise<void>;
}

/** The worker module, loaded by Piscina in each thread. */
const WORKER_FILE = new URL('./feed-worker.ts', import.meta.url).href;

/** True when this process already loads TypeScript through tsx (`node --import tsx`); threads inherit that flag. */
function hasTsx(execArgv: readonly string[]): boolean {
  return execArgv.some((arg, i) => arg === '--import=tsx' || (arg === '--import' && execArgv[i + 1] === 'tsx'));
}

/**
 * V8 heap sizing flags (`--max-semi-space-size=32`, as `npm start` sets, `--max-old-space-size=…`) apply to the whole
 * process, and a worker thread given one in its execArgv refuses to start (ERR_WORKER_INVALID_EXEC_ARGV).
 */
const PROCESS_WIDE = /^--(max|min|initial)-(semi-space|old-space|young-generation|heap)-size(=|$)/;

/** The threads' execArgv: the process's own (its loaders), without the flags a thread may not take, and with tsx. */
export function threadExecArgv(execArgv: readonly string[]): string[] {
  const kept = execArgv.filter((arg) => !PROCESS_WIDE.test(arg));
  return hasTsx(kept) ? kept : [...kept, '--import', 'tsx'];
}

/** The body's bytes as an ArrayBuffer that may be transferred: its own when it owns all of it, else a copy (pooled small buffers). */
function transferable(body: Buffer): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = body;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) return buffer;
  return new Uint8Array(body).buffer;
}

/**
 * Creates the feed pool: `threads` worker threads (Piscina), started on first use so that a process that never
 * ingests starts none; with 0 threads every body is processed in the calling thread. NOTE: the threads load the
 * TypeScript sources through tsx, added to their execArgv when the parent was not started with it (vitest).
 */
export function createFeedPool(options: { threads: number }): FeedPool {
  const { threads } = options;
  if (threads <= 0) {
    return { threads: 0, process: async (job) => processFeedBody(job), close: async () => undefined };
  }
  let pool: Piscina<FeedWorkerTask, FeedWorkerReply> | undefined;
  let closed = false;
  const started = (): Piscina<FeedWorkerTask, FeedWorkerReply> => {
    pool ??= new Piscina({
      filename: WORKER_FILE,
      minThreads: threads,
      maxThreads: threads,
      // Threads stay for the life of the process: starting one (tsx, the classifier's regexes) costs far more than a feed.
      idleTimeout: Number.POSITIVE_INFINITY,
      execArgv: threadExecArgv(process.execArgv),
    });
    return pool;
  };
  return {
    threads,
    async process(job: FeedBodyJob) {
      if (closed) throw new Error('the feed pool is closed');
      const body = transferable(job.body);
      const { body: _moved, ...rest } = job;
      const reply = await started().run({ ...rest, body }, { transferList: [body] });
      if (!reply.ok) throw new FeedError(reply.error.code, reply.error.message, { retryable: reply.error.retryable, data: reply.error.data });
      return reply.value;
    },
    async close() {
      closed = true;
      await pool?.destroy();
    },
  };
}
