import type { Logger } from '../observability/logger';

/** The parts of a Telegram update the queue looks at; the rest passes through untouched. */
export interface QueuedUpdate {
  update_id: number;
  message?: { chat: { id: number }; from?: { id: number } };
  callback_query?: { from: { id: number }; message?: { chat: { id: number } } };
  my_chat_member?: { chat: { id: number }; from: { id: number } };
}

/** What the queue decided about one update: handle it, tell the person to slow down instead, or drop it. */
export type Verdict = 'handle' | 'slow-down' | 'drop';

/** Limits for {@link createPersonThrottle}: a token bucket per person, plus how often one "slow down" may be said. */
export interface ThrottleOptions {
  /** Commands a person may send at once (default 6). */
  burst?: number;
  /** Commands per second a person regains (default 1). */
  perSecond?: number;
  /** One "slow down" per person at most this often (default 60 s). */
  noticeEveryMs?: number;
  now?: () => number;
}

/** Decides for each command a person sends whether it is handled, answered with "slow down", or dropped. */
export interface PersonThrottle {
  verdict(personId: number): Verdict;
}

/** Creates an in-memory per-person throttle (a token bucket each; buckets that refilled are forgotten). */
export function createPersonThrottle(options: ThrottleOptions = {}): PersonThrottle {
  const burst = options.burst ?? 6;
  const perSecond = options.perSecond ?? 1;
  const noticeEveryMs = options.noticeEveryMs ?? 60_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<number, { tokens: number; at: number; noticedAt?: number }>();
  return {
    verdict(personId) {
      const at = now();
      if (buckets.size > 10_000) {
        for (const [id, b] of buckets) if (b.tokens + ((at - b.at) / 1000) * perSecond >= burst && (b.noticedAt === undefined || at - b.noticedAt >= noticeEveryMs)) buckets.delete(id);
      }
      const bucket = buckets.get(personId) ?? { tokens: burst, at };
      bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
      bucket.at = at;
      buckets.set(personId, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 'handle';
      }
      if (bucket.noticedAt === undefined || at - bucket.noticedAt >= noticeEveryMs) {
        bucket.noticedAt = at;
        return 'slow-down';
      }
      return 'drop';
    },
  };
}

/** What {@link createUpdateQueue} needs. */
export interface UpdateQueueDeps<U extends QueuedUpdate> {
  /** Handles one update (telegraf's `bot.handleUpdate`); `verdict` is 'handle' or 'slow-down'. Errors are logged. */
  handle: (update: U, verdict: Exclude<Verdict, 'drop'>) => Promise<unknown>;
  logger: Logger;
  throttle?: PersonThrottle;
  /** Updates accepted but not yet handled, across all chats, above which `ready()` waits (default 1000). */
  maxPending?: number;
  /** The clock each accepted update is stamped with (see {@link receivedAt}); `performance.now` by default. */
  now?: () => number;
}

/** Runs updates concurrently across chats and in order within a chat, with a per-person throttle and a bound. */
export interface UpdateQueue<U extends QueuedUpdate> {
  /** Accepts an update; resolves when it has been handled (or dropped). Never rejects. */
  push(update: U): Promise<void>;
  /** Resolves once fewer than maxPending updates are waiting; call before fetching more. */
  ready(): Promise<void>;
  /** Updates accepted and not yet handled. */
  pending(): number;
  /** Resolves when every accepted update has been handled. */
  drain(): Promise<void>;
}

const RECEIVED = Symbol('silkwire.receivedAt');

/**
 * When the update queue accepted the update (the poller or the webhook handed it over), on the queue's clock
 * (`performance.now()` by default); undefined for an update that never went through a queue (handler tests).
 */
export function receivedAt(update: object): number | undefined {
  return (update as { [RECEIVED]?: number })[RECEIVED];
}

function chatOf(update: QueuedUpdate): number | undefined {
  return update.message?.chat.id ?? update.callback_query?.message?.chat.id ?? update.my_chat_member?.chat.id ?? update.callback_query?.from.id;
}

/** The person a command comes from; membership changes are never throttled. */
function personOf(update: QueuedUpdate): number | undefined {
  return update.message?.from?.id ?? update.callback_query?.from.id;
}

/** Creates the update queue that sits between Telegram (polling or webhook) and the handlers. */
export function createUpdateQueue<U extends QueuedUpdate>(deps: UpdateQueueDeps<U>): UpdateQueue<U> {
  const maxPending = deps.maxPending ?? 1000;
  const now = deps.now ?? (() => performance.now());
  const tails = new Map<number, Promise<void>>();
  const unchained = new Set<Promise<void>>();
  let pending = 0;
  let waiters: Array<() => void> = [];
  let drainers: Array<() => void> = [];

  const settled = () => {
    pending -= 1;
    if (pending < maxPending) {
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    }
    if (pending === 0) {
      const woken = drainers;
      drainers = [];
      for (const wake of woken) wake();
    }
  };

  const run = async (update: U, verdict: Exclude<Verdict, 'drop'>) => {
    try {
      await deps.handle(update, verdict);
    } catch (error) {
      deps.logger.error({ err: error, updateId: update.update_id }, 'update failed');
    } finally {
      settled();
    }
  };

  return {
    push(update) {
      const person = personOf(update);
      const verdict = person !== undefined && deps.throttle ? deps.throttle.verdict(person) : 'handle';
      if (verdict === 'drop') {
        deps.logger.debug({ updateId: update.update_id, person }, 'update dropped: the person is sending too fast');
        return Promise.resolve();
      }
      pending += 1;
      (update as { [RECEIVED]?: number })[RECEIVED] = now();
      const chat = chatOf(update);
      if (chat === undefined) {
        const done = run(update, verdict);
        unchained.add(done);
        void done.finally(() => unchained.delete(done));
        return done;
      }
      const previous = tails.get(chat) ?? Promise.resolve();
      const done = previous.then(() => run(update, verdict));
      tails.set(chat, done);
      void done.finally(() => {
        if (tails.get(chat) === done) tails.delete(chat);
      });
      return done;
    },
    ready() {
      if (pending < maxPending) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    pending: () => pending,
    drain() {
      if (pending === 0) return Promise.resolve();
      return new Promise((resolve) => drainers.push(resolve));
    },
  };
}

const SLOW_DOWN = Symbol('silkwire.slowDown');

/** A copy of the update marked so that the handlers answer it with "slow down" instead of running the command. */
export function markSlowDown<U extends object>(update: U): U {
  return { ...update, [SLOW_DOWN]: true };
}

/** Whether the update was marked by {@link markSlowDown}. */
export function isSlowDown(update: object): boolean {
  return (update as { [SLOW_DOWN]?: boolean })[SLOW_DOWN] === true;
}
