import type { Keys } from '../storage/keys';
import type { Redis } from '../storage/redis';

/** What Silkwire remembers about reading one source: validators for conditional GET, health and backoff. */
export interface SourceState {
  etag?: string;
  lastModified?: string;
  lastFetchAt?: number;
  lastSuccessAt?: number;
  lastResult?: 'ok' | 'not-modified' | 'error';
  lastError?: string;
  /** Failures in a row since the last success. */
  failures: number;
  /** The source is not fetched again before this time (backoff after failures). */
  nextAttemptAt?: number;
  /** Items in the feed at the last successful parse. */
  itemCount?: number;
  /** Items of the last successful parse left unread because the document had more than FEED_MAX_ITEMS; absent when none. */
  lastDropped?: number;
  /** Publication time of the newest item at the last successful parse. */
  newestItemAt?: number;
}

/** Reads and records the fetch state of sources. */
export interface SourceStateStore {
  get(id: string): Promise<SourceState>;
  getMany(ids: readonly string[]): Promise<Map<string, SourceState>>;
  recordSuccess(
    id: string,
    result: { etag?: string; lastModified?: string; itemCount: number; dropped?: number; newestItemAt?: number },
    now: number,
  ): Promise<void>;
  recordNotModified(id: string, now: number): Promise<void>;
  /** Records a failure and returns the failures in a row, so that the caller can pick the backoff. */
  recordFailure(id: string, message: string, now: number, nextAttemptAt: (failures: number) => number): Promise<number>;
}

const MAX_BACKOFF_MS = 6 * 3_600_000;

/** Extra wait after the n-th failure in a row: none after the first, then 1, 3, 7… poll intervals, at most six hours. */
export function backoffDelay(failures: number, pollMs: number): number {
  if (failures <= 1) return 0;
  return Math.min(pollMs * (2 ** (failures - 1) - 1), Math.max(MAX_BACKOFF_MS, pollMs));
}

function parseState(h: Record<string, string>): SourceState {
  const num = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value));
  const state: SourceState = { failures: num(h.failures) ?? 0 };
  if (h.etag) state.etag = h.etag;
  if (h.lastModified) state.lastModified = h.lastModified;
  if (h.lastResult === 'ok' || h.lastResult === 'not-modified' || h.lastResult === 'error') state.lastResult = h.lastResult;
  if (h.lastError) state.lastError = h.lastError;
  for (const key of ['lastFetchAt', 'lastSuccessAt', 'nextAttemptAt', 'itemCount', 'lastDropped', 'newestItemAt'] as const) {
    const value = num(h[key]);
    if (value !== undefined) state[key] = value;
  }
  return state;
}

/** Creates the Redis-backed source state store (one hash per source). */
export function createRedisSourceStateStore(deps: { redis: Redis; keys: Keys }): SourceStateStore {
  const { redis, keys } = deps;
  return {
    async get(id) {
      return parseState(await redis.hgetall(keys.source(id)));
    },
    async getMany(ids) {
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(keys.source(id));
      const replies = (await pipeline.exec()) ?? [];
      const states = new Map<string, SourceState>();
      replies.forEach(([error, value], i) => {
        if (error) throw error;
        states.set(ids[i]!, parseState(value as Record<string, string>));
      });
      return states;
    },
    async recordSuccess(id, result, now) {
      const key = keys.source(id);
      const fields: Record<string, string | number> = {
        lastFetchAt: now,
        lastSuccessAt: now,
        lastResult: 'ok',
        failures: 0,
        itemCount: result.itemCount,
      };
      if (result.newestItemAt !== undefined) fields.newestItemAt = result.newestItemAt;
      const dropped = result.dropped ?? 0;
      if (dropped > 0) fields.lastDropped = dropped;
      if (result.etag) fields.etag = result.etag;
      if (result.lastModified) fields.lastModified = result.lastModified;
      const stale = ['lastError', 'nextAttemptAt', ...(dropped > 0 ? [] : ['lastDropped']), ...(result.etag ? [] : ['etag']), ...(result.lastModified ? [] : ['lastModified'])];
      await redis.multi().hdel(key, ...stale).hset(key, fields).exec();
    },
    async recordNotModified(id, now) {
      const key = keys.source(id);
      await redis.multi().hset(key, { lastFetchAt: now, lastSuccessAt: now, lastResult: 'not-modified', failures: 0 }).hdel(key, 'lastError', 'nextAttemptAt').exec();
    },
    async recordFailure(id, message, now, nextAttemptAt) {
      const key = keys.source(id);
      const failures = await redis.hincrby(key, 'failures', 1);
      await redis.hset(key, { lastFetchAt: now, lastResult: 'error', lastError: message.slice(0, 500), nextAttemptAt: nextAttemptAt(failures) });
      return failures;
    },
  };
}
