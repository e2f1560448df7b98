import { Redis, type RedisOptions } from 'ioredis';

/** Opens an ioredis connection for Silkwire's own keys or for BullMQ (which needs maxRetriesPerRequest null). */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
}

export type { Redis } from 'ioredis';
