import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWire, receivedBy, seedInstantChats, until } from '../helpers/deliveries';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

// Redis restarts under the running product (its own redis-server with AOF, own port and dir): during ingest and
// during a fan-out. The product recovers by itself within 10 s, and every chat gets each alert exactly once.

const CHATS = 300;
const FIRST = 70_000;
const RECOVERY_LIMIT_MS = 10_000;

let world: World;
let wire: ReturnType<typeof createWire>;
let dir: string;
let port: number;
let server: ChildProcess | undefined;
let redis: Redis;
let app: RunningProcess;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
}

/** Starts redis-server on the test's port and dir (AOF on, no RDB snapshots); resolves when it answers PING. */
async function startRedis(): Promise<void> {
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'no'], { stdio: 'ignore' });
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch (error) {
      probe.disconnect();
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Shuts redis-server down the way a restart does (SIGTERM: it flushes the AOF and exits). */
async function stopRedis(): Promise<void> {
  const running = server;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  await exited;
}

/** Stops Redis, keeps it down for `downMs`, starts it again; returns when it answers again. */
async function restartRedis(downMs: number): Promise<number> {
  await stopRedis();
  await new Promise((resolve) => setTimeout(resolve, downMs));
  await startRedis();
  return Date.now();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'silkwire-redis-restart-'));
  port = await freePort();
  await startRedis();
  world = await createWorld('rrestart', { rateLimits: { globalPerSecond: 30, perChatPerSecond: 1 }, latencyMs: { min: 50, max: 100 } });
  redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  wire = createWire(world, '/cn.rss', 'CN Wire');
  wire.publish('Earlier: Beijing weather');
  world.setSources([{ name: 'CN Wire', url: wire.url }]);
  await seedInstantChats({ ...world, redis }, Array.from({ length: CHATS }, (_, i) => FIRST + i));
  app = world.spawn([], { PORT: '0', REDIS_URL: `redis://127.0.0.1:${port}` });
  await app.waitForOutput(/silkwire started/, 30_000);
  await app.waitForOutput(/source ingested/, 30_000);
}, 90_000);

afterAll(async () => {
  await world?.close();
  redis?.disconnect();
  await stopRedis();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Redis restarts under the running product', () => {
  const exactlyOnce = (title: string) => {
    const counts = receivedBy(world, title, FIRST);
    return { size: counts.size, repeated: [...counts.values()].filter((n) => n > 1).length };
  };

  it('a restart during ingest: ingest resumes and the article published meanwhile reaches every chat once', async () => {
    const title = 'Beijing and Astana open a new rail link';
    await stopRedis();
    wire.publish(title); // published while Redis is down: the next poll after the restart must pick it up
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await startRedis();
    const up = Date.now();
    await until(() => exactlyOnce(title).size >= 1, 30_000, 'first delivery after the restart');
    const recovered = Date.now() - up;
    await until(() => exactlyOnce(title).size === CHATS, 60_000, 'fan-out after the restart');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log(`redis restart during ingest: first alert out ${recovered} ms after Redis was back; ${exactlyOnce(title).size} chats, ${exactlyOnce(title).repeated} repeats`);
    expect(recovered).toBeLessThan(RECOVERY_LIMIT_MS);
    expect(exactlyOnce(title)).toEqual({ size: CHATS, repeated: 0 });
  }, 120_000);

  it('a restart during a fan-out: sending resumes and every chat gets the alert once', async () => {
    const title = 'Xi Jinping and Tokayev sign energy accords';
    wire.publish(title);
    await until(() => exactlyOnce(title).size >= 60, 60_000, 'fan-out under way');
    const up = await restartRedis(2000);
    const atRestart = exactlyOnce(title).size;
    await until(() => exactlyOnce(title).size > atRestart, 30_000, 'sending resumed');
    const recovered = Date.now() - up;
    await until(() => exactlyOnce(title).size === CHATS, 60_000, 'fan-out after the restart');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log(`redis restart during fan-out (${atRestart} of ${CHATS} out): sending resumed ${recovered} ms after Redis was back; ${exactlyOnce(title).repeated} repeats`);
    expect(recovered).toBeLessThan(RECOVERY_LIMIT_MS);
    expect(exactlyOnce(title)).toEqual({ size: CHATS, repeated: 0 });
    expect(app.child.exitCode).toBeNull();
  }, 120_000);
});
