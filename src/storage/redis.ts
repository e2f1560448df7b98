import { Cluster, Redis as SingleRedis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { ClusterSettings } from '../config/config';
import type { Logger } from '../observability/logger';

export type { ClusterNode, ClusterSettings } from '../config/config';

/**
 * A connection to one Redis server or to a Redis Cluster: both have the same command API, and every store and BullMQ
 * take either. In a Cluster, all of Silkwire's keys carry the REDIS_PREFIX hash tag, so a Lua script or MULTI always
 * touches one slot.
 */
export type Redis = SingleRedis | Cluster;

/** Opens an ioredis connection for Silkwire's own keys or for BullMQ (which needs maxRetriesPerRequest null). */
export function createRedis(url: string, options: RedisOptions = {}): SingleRedis {
  return new SingleRedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
}

/**
 * Opens an ioredis Cluster on the seed nodes, set up for BullMQ: no per-request retry limit (a failover waits rather
 * than fails), and the offline queue kept so commands issued while slots are being refreshed are sent afterwards.
 */
export function createRedisCluster(settings: ClusterSettings, options: ClusterOptions = {}): Cluster {
  const redisOptions: RedisOptions = {
    maxRetriesPerRequest: null,
    ...(settings.username ? { username: settings.username } : {}),
    ...(settings.password ? { password: settings.password } : {}),
    ...(settings.tls ? { tls: {} } : {}),
    ...options.redisOptions,
  };
  return new Cluster(
    settings.nodes.map((node) => ({ host: node.host, port: node.port })),
    { enableReadyCheck: true, lazyConnect: false, slotsRefreshTimeout: 2000, ...options, redisOptions },
  );
}

/** Opens and pings a connection, or fails with a message that names the address (without its password). */
export async function connectRedis(url: string, logger: Logger): Promise<SingleRedis> {
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

/** Opens a Redis Cluster connection and waits until it knows the slot map, or fails naming the seed nodes. */
export async function connectRedisCluster(settings: ClusterSettings, logger: Logger): Promise<Cluster> {
  let connected = false;
  // NOTE: give up after a few tries at start-up (a typo should fail fast), but keep retrying once running (a failover).
  const cluster = createRedisCluster(settings, {
    lazyConnect: true,
    clusterRetryStrategy: (times) => (!connected && times > 3 ? null : Math.min(200 * times, 2000)),
  });
  cluster.on('error', (error) => logger.warn({ err: error }, 'redis cluster connection error'));
  const where = settings.nodes.map((node) => `${node.host}:${node.port}`).join(',');
  try {
    await cluster.connect();
    await cluster.ping();
    connected = true;
    logger.info({ nodes: cluster.nodes('master').length }, 'connected to Redis Cluster');
    return cluster;
  } catch (error) {
    cluster.disconnect();
    throw new Error(`Cannot reach Redis Cluster at ${where}: ${(error as Error).message}. Check REDIS_CLUSTER_NODES.`, { cause: error });
  }
}
