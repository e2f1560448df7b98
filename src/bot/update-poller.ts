import type { Logger } from '../observability/logger';
import { botApiErrorInfo } from '../telegram/telegram-error';

/** Calls one Bot API method (the core's Bot API client); an abort signal ends a long poll early. */
export type PollCall = (method: 'getUpdates', params: Record<string, unknown>, options: { signal?: AbortSignal }) => Promise<unknown>;

/** What {@link createUpdatePoller} needs. */
export interface UpdatePollerDeps<U extends { update_id: number }> {
  call: PollCall;
  /** Takes each update; resolves once handled. The poller does not wait for it, only for `ready`. */
  push: (update: U) => Promise<void>;
  /** Resolves when there is room for more updates (backpressure). */
  ready: () => Promise<void>;
  /** Resolves when every update taken so far has been handled. */
  drain: () => Promise<void>;
  logger: Logger;
  allowedUpdates: readonly string[];
  /** Called whenever a getUpdates request returns, with or without updates. */
  onPoll?: () => void;
  /** Called with a short description while polling fails, and with undefined once it works again. */
  onProblem?: (problem: string | undefined) => void;
  /** Called when polling cannot go on (401: the token is wrong or revoked); the process should end non-zero. */
  onFatal: (error: Error) => void;
  /** The long-poll timeout in seconds (default 50). */
  timeoutSeconds?: number;
  /** The first retry delay; doubles per failure up to maxBackoffMs (defaults 1 s and 30 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** Long polling that never dies silently: every failure is logged and either retried with backoff or fatal. */
export interface UpdatePoller {
  /** Starts the loop (returns at once). */
  start(): void;
  /** Ends the long poll, waits for every update taken to be handled, then confirms them to Telegram. */
  stop(): Promise<void>;
}

const FATAL_CODES = new Set([401, 404]);

/**
 * What a failed poll says, safe to show anywhere (never the request URL, which holds the token): its Bot API code, a
 * text, and the seconds Telegram asks to wait.
 */
function describe(error: unknown): { code: number | undefined; text: string; retryAfterSeconds: number | undefined } {
  const info = botApiErrorInfo(error);
  if (!info) return { code: undefined, text: 'getUpdates failed: the Bot API could not be reached', retryAfterSeconds: undefined };
  const { code, retryAfterSeconds } = info;
  const description = info.description || 'error';
  const text = code === 409 ? `getUpdates failed: 409 ${description} (another instance is polling, or a webhook is set)` : `getUpdates failed: ${code} ${description}`;
  return { code, text, retryAfterSeconds };
}

/** Creates the bot's own long-polling loop, which hands updates to the update queue instead of waiting for each batch. */
export function createUpdatePoller<U extends { update_id: number }>(deps: UpdatePollerDeps<U>): UpdatePoller {
  const timeout = deps.timeoutSeconds ?? 50;
  const backoffMs = deps.backoffMs ?? 1000;
  const maxBackoffMs = deps.maxBackoffMs ?? 30_000;
  const abort = new AbortController();
  let offset = 0;
  let loop: Promise<void> | undefined;
  let fatal = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        abort.signal.removeEventListener('abort', done);
        resolve();
      }
      abort.signal.addEventListener('abort', done);
    });
  const stopped = new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve()));

  async function run(): Promise<void> {
    let failures = 0;
    while (!abort.signal.aborted) {
      await Promise.race([deps.ready(), stopped]);
      if (abort.signal.aborted) break;
      try {
        const updates = (await deps.call('getUpdates', { timeout, offset, allowed_updates: deps.allowedUpdates }, { signal: abort.signal })) as U[];
        deps.onPoll?.();
        if (failures > 0) {
          deps.logger.info({ failures }, 'polling works again');
          deps.onProblem?.(undefined);
          failures = 0;
        }
        for (const update of updates) {
          offset = Math.max(offset, update.update_id + 1);
          void deps.push(update);
        }
      } catch (error) {
        if (abort.signal.aborted) break;
        failures += 1;
        const { code, text, retryAfterSeconds } = describe(error);
        deps.onProblem?.(text);
        if (code !== undefined && FATAL_CODES.has(code)) {
          fatal = true;
          deps.logger.fatal({ err: error, code }, `${text}: the bot token is wrong or revoked; stopping`);
          deps.onFatal(error instanceof Error ? error : new Error(text));
          return;
        }
        const delay = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : Math.min(maxBackoffMs, backoffMs * 2 ** (failures - 1));
        deps.logger[code === 409 ? 'warn' : 'error']({ err: error, code, failures, retryInMs: delay }, `${text}; retrying`);
        await sleep(delay);
      }
    }
  }

  return {
    start() {
      loop ??= run().catch((error: unknown) => {
        deps.logger.fatal({ err: error }, 'the polling loop failed');
        deps.onFatal(error instanceof Error ? error : new Error(String(error)));
      });
    },
    async stop() {
      abort.abort();
      await loop;
      await deps.drain();
      if (fatal || offset === 0) return;
      // Confirms the updates handled, so that the next start does not receive them again.
      await deps.call('getUpdates', { offset, limit: 1, timeout: 0 }, {}).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'could not confirm the last updates to Telegram');
      });
    },
  };
}
