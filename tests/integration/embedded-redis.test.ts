import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger';
import { redisAnswers, resolveRedis } from '../../src/storage/embedded-redis';

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const available = hasRedisServer();
if (!available) console.warn('NOTICE: redis-server is not on PATH; the embedded-Redis test is skipped.');
const dir = mkdtempSync(join(tmpdir(), 'silkwire-redis-'));
const logger = createLogger({ level: 'silent' });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Redis endpoint', () => {
  it('uses REDIS_URL as given', async () => {
    const endpoint = await resolveRedis({ url: 'redis://10.0.0.1:6380', dataDir: dir, logger });
    expect(endpoint).toMatchObject({ url: 'redis://10.0.0.1:6380', embedded: false });
  });

  it('uses the Redis on 127.0.0.1:6379 when it answers', async () => {
    expect(await redisAnswers('127.0.0.1', 6379)).toBe(true);
    expect(await resolveRedis({ url: undefined, dataDir: dir, logger })).toMatchObject({ url: 'redis://127.0.0.1:6379', embedded: false });
  });

  it.skipIf(!available)('starts a private redis-server whose data survives a restart', async () => {
    const first = await resolveRedis({ url: undefined, dataDir: dir, logger, probe: { host: '127.0.0.1', port: 1 } });
    expect(first.embedded).toBe(true);
    let redis = new Redis(first.url);
    await redis.set('subscription', 'china');
    await redis.quit();
    await first.stop();
    const second = await resolveRedis({ url: undefined, dataDir: dir, logger, probe: { host: '127.0.0.1', port: 1 } });
    redis = new Redis(second.url);
    expect(await redis.get('subscription')).toBe('china');
    await redis.quit();
    await second.stop();
  });

  it('says how to get Redis when there is none', async () => {
    await expect(
      resolveRedis({ url: undefined, dataDir: dir, logger, probe: { host: '127.0.0.1', port: 1 }, binary: 'redis-server-that-does-not-exist' }),
    ).rejects.toThrow(/Install Redis .* or set REDIS_URL/);
  });
});
