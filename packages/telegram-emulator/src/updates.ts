import { BotApiError } from './api-error';
import type { Update, UpdatePayload } from './types';

/** Update types delivered when `allowed_updates` is empty or was never set (Telegram's default). */
export const DEFAULT_ALLOWED_UPDATES: readonly string[] = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'business_connection',
  'business_message',
  'edited_business_message',
  'deleted_business_messages',
  'inline_query',
  'chosen_inline_result',
  'callback_query',
  'shipping_query',
  'pre_checkout_query',
  'purchased_paid_media',
  'poll',
  'poll_answer',
  'my_chat_member',
  'chat_join_request',
  'chat_boost',
  'removed_chat_boost',
];

/** One getUpdates request as the queue needs it. */
export interface PollRequest {
  offset?: number;
  limit?: number;
  /** Seconds to hold the request open while no update is available. */
  timeout?: number;
  /** Undefined keeps the previous setting; an empty list restores the default. */
  allowedUpdates?: string[];
}

/** The queue of updates the bot has not confirmed yet, served by long polling. */
export interface UpdateQueue {
  /** Gives the update the next id, queues it and wakes a waiting getUpdates. */
  push(payload: UpdatePayload): Update;
  /** Serves getUpdates; an older request still waiting is ended with 409 Conflict, as Telegram does. */
  poll(request: PollRequest, signal?: AbortSignal): Promise<Update[]>;
  /** Updates not yet confirmed. */
  pending(): Update[];
  /** Drops every pending update (deleteWebhook/setWebhook with drop_pending_updates). */
  drop(): void;
  /** True while a getUpdates request is held open waiting for updates. */
  isWaiting(): boolean;
  /** Answers a waiting getUpdates with no updates (used when the emulator stops). */
  release(): void;
  /** The allowed update types in force (the default set unless the bot chose some). */
  allowedUpdates(): string[];
}

interface Waiter {
  limit: number;
  resolve: (updates: Update[]) => void;
  reject: (error: BotApiError) => void;
  timer: NodeJS.Timeout;
  cleanup: () => void;
}

const TERMINATED = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

const typeOf = (update: Update): string => Object.keys(update).find((key) => key !== 'update_id') ?? 'unknown';

/** Creates an update queue; `onWait` is called whenever a getUpdates request starts waiting. */
export function createUpdateQueue(onWait: () => void = () => undefined): UpdateQueue {
  let queue: Update[] = [];
  let nextId = 1;
  let allowed: string[] | undefined;
  let waiter: Waiter | undefined;

  const allowedSet = (): Set<string> => new Set(allowed ?? DEFAULT_ALLOWED_UPDATES);

  const take = (limit: number): Update[] => {
    // Telegram never creates updates of types the bot did not ask for, so drop them rather than keep them.
    const kinds = allowedSet();
    queue = queue.filter((update) => kinds.has(typeOf(update)));
    return queue.slice(0, limit);
  };

  const finish = (current: Waiter, updates: Update[]): void => {
    current.cleanup();
    if (waiter === current) waiter = undefined;
    current.resolve(updates);
  };

  return {
    push(payload) {
      const update: Update = { update_id: nextId++, ...payload };
      queue.push(update);
      if (waiter !== undefined) {
        const ready = take(waiter.limit);
        if (ready.length > 0) finish(waiter, ready);
      }
      return update;
    },

    poll(request, signal) {
      if (waiter !== undefined) {
        const previous = waiter;
        previous.cleanup();
        waiter = undefined;
        previous.reject(new BotApiError(409, TERMINATED));
      }
      const offset = request.offset ?? 0;
      if (offset < 0) queue = queue.slice(offset);
      else if (offset > 0) queue = queue.filter((update) => update.update_id >= offset);
      if (request.allowedUpdates !== undefined) {
        allowed = request.allowedUpdates.length === 0 ? undefined : [...request.allowedUpdates];
      }
      const limit = Math.min(100, Math.max(1, request.limit ?? 100));
      const ready = take(limit);
      const timeout = Math.max(0, request.timeout ?? 0);
      if (ready.length > 0 || timeout === 0 || signal?.aborted === true) return Promise.resolve(ready);

      return new Promise<Update[]>((resolve, reject) => {
        const onAbort = (): void => finish(current, []);
        const current: Waiter = {
          limit,
          resolve,
          reject,
          timer: setTimeout(() => finish(current, []), timeout * 1000),
          cleanup: () => {
            clearTimeout(current.timer);
            signal?.removeEventListener('abort', onAbort);
          },
        };
        signal?.addEventListener('abort', onAbort);
        waiter = current;
        onWait();
      });
    },

    pending: () => [...queue],
    drop() {
      queue = [];
    },
    isWaiting: () => waiter !== undefined,
    release() {
      if (waiter !== undefined) finish(waiter, []);
    },
    allowedUpdates: () => [...(allowed ?? DEFAULT_ALLOWED_UPDATES)],
  };
}
