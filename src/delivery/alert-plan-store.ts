import type { Keys } from '../storage/keys';
import type { Redis } from '../storage/redis';

/** Remembers up to which store time new articles have been planned for instant alerts. */
export interface AlertPlanStore {
  /** The time up to which alerts were planned, or undefined before the first plan. */
  watermark(): Promise<number | undefined>;
  setWatermark(upTo: number): Promise<void>;
}

/** Creates the Redis-backed alert plan store. */
export function createRedisAlertPlanStore(deps: { redis: Redis; keys: Keys }): AlertPlanStore {
  return {
    async watermark() {
      const stored = await deps.redis.get(deps.keys.alertWatermark());
      return stored ? Number(stored) : undefined;
    },
    async setWatermark(upTo) {
      await deps.redis.set(deps.keys.alertWatermark(), String(upTo));
    },
  };
}
