import { randomBytes } from 'node:crypto';
import type { Worker } from 'bullmq';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotApiEmulator, type BotApiEmulator, type EmulatedMessage } from '@silkwire/telegram-emulator';
import { registerHandlers } from '../../handlers';
import { createDeliveryWorker } from '../../jobs/delivery-worker';
import { createIngestWorker } from '../../jobs/ingest-worker';
import { createQueues, type Queues } from '../../jobs/queues';
import type { Article } from '../../src/articles/article';
import { ConfigError, loadConfig } from '../../src/config/config';
import { createCore, type Core } from '../../src/core';
import { createLogger } from '../../src/observability/logger';
import { createRedisChatLock } from '../../src/storage/locks';
import { connectRedisCluster, type Redis } from '../../src/storage/redis';
import { EMPTY_OPML } from '../helpers/core';
import { until } from '../helpers/deliveries';
import { rss, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { redisClusterAvailable, startLocalRedisCluster, type LocalRedisCluster } from '../helpers/redis-cluster';

const AVAILABLE = redisClusterAvailable();
if (!AVAILABLE) console.warn('SKIPPED: the Redis Cluster tests need redis-server and redis-cli on the PATH');

const ADMIN = 1;
const READER = 2;
// A chat the running workers never deliver to: the article saved below would send READER an alert, and that delivery
// holds READER's chat lock while the script checks run.
const LOCK_CHAT = 900_001;
const INSTANT_CHATS = 250;
const FIRST_INSTANT = 100_000;
const DIGEST_CHATS = 150;
const FIRST_DIGEST = 200_000;

/** The messages each chat of a range received that contain `text`. */
function countsFor(emulator: BotApiEmulator, text: string, first: number, count: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const message of emulator.sent()) {
    const id = message.chat.id;
    if (id >= first && id < first + count && message.text.includes(text)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

describe('REDIS_CLUSTER_NODES in the config', () => {
  it('refuses a prefix without a hash tag, and REDIS_URL beside it, naming the fix', () => {
    const refused = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return error instanceof ConfigError ? error.problems.join('\n') : String(error);
      }
      return 'accepted';
    };
    expect(refused({ REDIS_CLUSTER_NODES: '10.0.0.1:7000' })).toContain('REDIS_PREFIX={silkwire}');
    expect(refused({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', REDIS_PREFIX: 'sw-{}' })).toContain('hash tag');
    expect(refused({ REDIS_CLUSTER_NODES: '10.0.0.1:7000', REDIS_PREFIX: '{sw}', REDIS_URL: 'redis://x:6379' })).toContain('not both');
    expect(refused({ REDIS_CLUSTER_NODES: '10.0.0.1', REDIS_PREFIX: '{sw}' })).toContain('host:port');
    const config = loadConfig({ REDIS_CLUSTER_NODES: 'a.example:7000, rediss://:s3cret@b.example:7001', REDIS_PREFIX: '{sw}' });
    expect(config.redis.cluster?.nodes).toEqual([{ host: 'a.example', port: 7000 }, { host: 'b.example', port: 7001 }]);
    expect(config.redis.cluster?.password).toBe('s3cret');
    expect(config.redis.cluster?.tls).toBe(true);
    expect(JSON.stringify(config)).not.toContain('s3cret');
    expect(loadConfig({}).redis.cluster).toBeUndefined();
  });
});

describe.skipIf(!AVAILABLE)('Silkwire on a three-master Redis Cluster', () => {
  let cluster: LocalRedisCluster;
  let emulator: BotApiEmulator;
  let feeds: FeedServer;
  let redis: Redis;
  let core: Core;
  let queues: Queues;
  let workers: Worker[] = [];
  let bot: Telegraf;
  const prefix = `{sw-test-${randomBytes(4).toString('hex')}}`;
  let offsetMs = 0;
  const clock = { now: () => Date.now() + offsetMs };
  const items: Array<{ title: string; link: string; pubDate: Date }> = [];
  const publish = (title: string) => {
    items.unshift({ title, link: `https://wire.example/${encodeURIComponent(title)}`, pubDate: new Date(clock.now()) });
    feeds.set('/wire.rss', rss('Steppe Wire', items));
  };
  const failedJobs: string[] = [];

  const say = async (chatId: number, text: string): Promise<EmulatedMessage[]> => {
    const before = new Set(emulator.sent(chatId).map((message) => message.message_id));
    await bot.handleUpdate(emulator.sendText({ chatId, text, from: { id: chatId, first_name: `User ${chatId}`, language_code: 'en' } }) as Update);
    return emulator.sent(chatId).filter((message) => !before.has(message.message_id));
  };

  beforeAll(async () => {
    cluster = await startLocalRedisCluster();
    emulator = createBotApiEmulator({ maxCallHistory: 10_000 });
    const { apiRoot } = await emulator.start();
    feeds = await startFeedServer();
    publish('Local weather: a mild week ahead');
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: apiRoot,
      REDIS_CLUSTER_NODES: cluster.nodesEnv,
      REDIS_PREFIX: prefix,
      FEEDS_FILE: EMPTY_OPML,
      TELEGRAM_RATE_LIMIT: '1000',
      ADMIN_IDS: String(ADMIN),
      ALLOW_PRIVATE_SOURCES: '1',
      LOG_LEVEL: 'silent',
    });
    const logger = process.env.CLUSTER_TEST_LOG ? createLogger({ level: 'debug' }) : createLogger({ level: 'silent' });
    redis = await connectRedisCluster(config.redis.cluster!, logger);
    core = createCore(config, redis, { clock, logger });
    queues = createQueues({ connection: redis, prefix });
    workers = [createIngestWorker({ core, queues }), createDeliveryWorker({ core, queues })];
    for (const worker of workers) {
      worker.on('failed', (job, error) => failedJobs.push(`${job?.name}: ${error.message}`));
      await worker.waitUntilReady();
    }
    bot = new Telegraf(emulator.token, { telegram: { apiRoot } });
    bot.botInfo = { id: emulator.bot.id, is_bot: true, first_name: 'Silkwire', username: emulator.bot.username ?? 'silkwire_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } as never;
    registerHandlers(bot, core);
  }, 90_000);

  afterAll(async () => {
    try {
      await Promise.all(workers.map((worker) => worker.close(true)));
      await queues?.close();
      await core?.close();
      redis?.disconnect();
      await feeds?.close();
      await emulator?.stop();
    } finally {
      await cluster?.stop();
    }
  }, 60_000);

  it('takes a subscription and a source through the bot', async () => {
    const added = await say(ADMIN, `/addsource ${feeds.url('/wire.rss')}`);
    expect(added.map((message) => message.text).join('\n')).toContain('Steppe Wire');
    expect((await core.sources.entries()).map(({ source }) => source.name)).toContain('Steppe Wire');

    expect((await say(READER, '/subscribe china')).map((message) => message.text).join('\n')).toMatch(/Subscribed to: China/);
    expect((await say(READER, '/digest instant')).map((message) => message.text).join('\n')).toMatch(/Saved\./);
    expect(await core.chatStore.get(READER)).toMatchObject({ topics: ['china'], mode: 'instant', status: 'active' });

    for (let i = 0; i < INSTANT_CHATS; i++) {
      const id = FIRST_INSTANT + i;
      emulator.addChat({ id, type: 'private', first_name: `Reader ${id}` });
      await core.chats.ensure({ id, type: 'private' }, 'en');
      await core.chats.subscribe(id, ['china']);
      await core.chats.setSchedule(id, { mode: 'instant' });
    }
    for (let i = 0; i < DIGEST_CHATS; i++) {
      const id = FIRST_DIGEST + i;
      emulator.addChat({ id, type: 'private', first_name: `Reader ${id}` });
      await core.chats.ensure({ id, type: 'private' }, 'en');
      await core.chats.subscribe(id, ['kazakhstan']);
      await core.chats.setZone(id, 'UTC');
      await core.chats.setSchedule(id, { mode: 'digest', times: ['08:00'] });
    }
    const stats = await core.admin.stats();
    // The admin only used /addsource, which stores no chat.
    expect(stats.chats).toMatchObject({ total: 1 + INSTANT_CHATS + DIGEST_CHATS, active: 1 + INSTANT_CHATS + DIGEST_CHATS, suspended: 0 });
    expect(stats.chats.subscribedByTopic).toEqual({ china: INSTANT_CHATS + 1, kazakhstan: DIGEST_CHATS });
  }, 60_000);

  it('fans an instant alert out from a feed poll to every subscriber, once each', async () => {
    const title = 'Xi Jinping announces reform package';
    publish(title);
    await queues.ingest.add('plan-poll', {}, { jobId: 'cluster-poll-1' });
    await until(() => countsFor(emulator, title, FIRST_INSTANT, INSTANT_CHATS).size === INSTANT_CHATS && emulator.sent(READER).some((m) => m.text.includes(title)), 120_000, 'alert fan-out');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // time for a duplicate to show
    const counts = countsFor(emulator, title, FIRST_INSTANT, INSTANT_CHATS);
    expect(counts.size).toBe(INSTANT_CHATS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(emulator.sent(READER).filter((m) => m.text.includes(title))).toHaveLength(1);
    expect(countsFor(emulator, title, FIRST_DIGEST, DIGEST_CHATS).size).toBe(0);
    const [report] = await core.admin.sources();
    expect(report?.state).toMatchObject({ failures: 0, lastResult: 'ok' });
    expect(failedJobs).toEqual([]);
  }, 150_000);

  it('sends a digest wave at the chats time, once to each digest chat', async () => {
    const title = 'Astana hosts regional summit';
    publish(title);
    // The next 08:00 UTC comes at once: the clock jumps there (ingest and planners read this clock).
    const next = new Date();
    next.setUTCHours(8, 0, 0, 0);
    if (next.getTime() <= Date.now()) next.setUTCDate(next.getUTCDate() + 1);
    offsetMs = next.getTime() - Date.now() + 1000;
    await queues.ingest.add('plan-poll', {}, { jobId: 'cluster-poll-2' });
    await expect.poll(async () => (await core.articles.latest('kazakhstan', 5)).map((a) => a.title), { timeout: 30_000, interval: 200 }).toContain(title);
    await queues.delivery.add('plan-digests', {}, { jobId: 'cluster-digests-1' });
    await until(() => countsFor(emulator, 'Your Silkwire digest', FIRST_DIGEST, DIGEST_CHATS).size === DIGEST_CHATS, 120_000, 'digest wave');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const digests = countsFor(emulator, 'Your Silkwire digest', FIRST_DIGEST, DIGEST_CHATS);
    expect([...digests.values()].every((n) => n === 1)).toBe(true);
    const sample = emulator.sent(FIRST_DIGEST + 7).find((m) => m.text.includes('Your Silkwire digest'));
    expect(sample?.text).toContain(title);
    expect(countsFor(emulator, 'Your Silkwire digest', FIRST_INSTANT, INSTANT_CHATS).size).toBe(0);
    // Every digest chat moved on to the next 08:00: planning again now plans nobody.
    expect(await core.chatStore.dueDigests(clock.now(), 10)).toEqual([]);
    expect(failedJobs).toEqual([]);
  }, 180_000);

  it('runs every Lua script and multi-key command of the stores in the slot of the prefix', async () => {
    const { articles, chatStore, limiter, exclusive } = core;
    const story: Article = {
      sourceId: 'src-cluster',
      sourceName: 'Cluster Wire',
      guid: 'cluster-guid-1',
      title: 'Tokayev meets Xi in Astana',
      url: 'https://wire.example/tokayev-xi',
      description: 'Talks on trade.',
      publishedAt: Date.now() - 60_000,
      language: 'en',
      topics: ['kazakhstan', 'china'],
    };
    const first = await articles.save(story);
    expect(first.created).toBe(true);
    expect(await articles.save({ ...story, guid: undefined })).toEqual({ id: expect.any(String) as string, created: false }); // same URL
    expect((await articles.latest('china', 50)).filter((article) => article.title === story.title)).toHaveLength(1);

    // Chat lock (reentrant script and release script) and the planner lock (SET NX and release script).
    const lock = createRedisChatLock({ redis, keys: core.keys });
    expect(await lock.acquire(LOCK_CHAT, 'job-a')).toBe(true);
    expect(await lock.acquire(LOCK_CHAT, 'job-b')).toBe(false);
    await lock.release(LOCK_CHAT, 'job-a');
    expect(await lock.acquire(LOCK_CHAT, 'job-b')).toBe(true);
    await lock.release(LOCK_CHAT, 'job-b');
    expect(await exclusive.run('cluster', 10_000, async () => exclusive.run('cluster', 10_000, async () => 'inner'))).toBeUndefined();
    expect(await exclusive.run('cluster', 10_000, async () => 'ran')).toBe('ran');

    // Rate limiter: the pause script, then a reservation after it.
    await limiter.pauseAll(30);
    await limiter.acquire(LOCK_CHAT, false);

    // Chat store transactions: the fenced sent set and watermark (under the chat lock), removal.
    const fence = { chat: LOCK_CHAT, owner: 'cluster-test' };
    expect(await lock.acquire(LOCK_CHAT, fence.owner)).toBe(true);
    expect(await chatStore.markSent(LOCK_CHAT, ['a1', 'a2'], fence)).toBe(true);
    expect(await chatStore.sentIds(LOCK_CHAT)).toEqual(new Set(['a1', 'a2']));
    expect(await chatStore.advanceWatermark(LOCK_CHAT, Date.now(), fence)).toBe(true);
    await lock.release(LOCK_CHAT, fence.owner);
    expect(await chatStore.sentIds(LOCK_CHAT)).toEqual(new Set());
    expect((await chatStore.migrate(FIRST_DIGEST, 300_000, Date.now()))?.id).toBe(300_000);
    expect(await chatStore.get(FIRST_DIGEST)).toBeUndefined();

    // Runtime source removal (HDEL + UNLINK in one MULTI) and the source list after it.
    const removed = await core.admin.removeSource(feeds.url('/wire.rss'));
    expect(removed.name).toBe('Steppe Wire');
    expect(await core.sources.entries()).toEqual([]);

    // Pruning: every article is older than a retention period from a day after it.
    expect(await articles.prune(Date.now() + core.config.articles.retentionMs + 86_400_000)).toBeGreaterThanOrEqual(3);
    expect(await articles.count('any')).toBe(0);
  }, 60_000);

  it('keeps every key of Silkwire and BullMQ on the one master that owns the slot of the prefix', () => {
    const slot = Number(cluster.cli(cluster.ports[0]!, 'CLUSTER', 'KEYSLOT', prefix).trim());
    const perNode = cluster.ports.map((port) => cluster.cli(port, '--scan', '--pattern', '*').split('\n').filter(Boolean));
    const all = perNode.flat();
    expect(all.length).toBeGreaterThan(DIGEST_CHATS + INSTANT_CHATS);
    expect(all.filter((key) => !key.startsWith(`${prefix}:`))).toEqual([]);
    expect(perNode.filter((keys) => keys.length > 0)).toHaveLength(1);
    expect(all.some((key) => key.startsWith(`${prefix}:delivery:`))).toBe(true);
    const sample = all.filter((_, i) => i % 97 === 0);
    for (const key of sample) expect(Number(cluster.cli(cluster.ports[0]!, 'CLUSTER', 'KEYSLOT', key).trim())).toBe(slot);
  });
});
