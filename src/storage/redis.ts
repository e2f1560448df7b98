import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../observability/logger';

/** Opens an ioredis connection for Silkwire's own keys or for BullMQ (which needs maxRetriesPerRequest null). */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
}

export type { Redis } from 'ioredis';

/** Opens and pings a connection, or fails with a message that names the address (without its password). */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = createRedis(url, { lazyConnect: true });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    const where = url.replace(/\/\/[^@]*@/, '//***@');
    throw new Error(`Cannot reach Redis at ${where}: ${(error as Error).message}. Start redis-server or set REDIS_URL.`, { cause: error });
  }
}
