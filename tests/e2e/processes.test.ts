import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../src/chats/chat-service';
import { createRedisChatStore } from '../../src/chats/chat-store';
import { createKeys } from '../../src/storage/keys';
import { systemClock } from '../../src/time/clock';
import { rss } from '../helpers/feed-server';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

const CHATS = 150;
const FIRST = 20_000;

let world: World;
const items: Array<{ title: string; link: string; pubDate: Date }> = [];

function publish(title: string): void {
  items.unshift({ title, link: `https://wire.example/${encodeURIComponent(title)}`, pubDate: new Date() });
  world.feeds.set('/cn.rss', rss('CN Wire', items));
}

function countsFor(title: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const message of world.emulator.sent()) {
    if (message.chat.id >= FIRST && message.text.includes(title)) counts.set(message.chat.id, (counts.get(message.chat.id) ?? 0) + 1);
  }
  return counts;
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  world = await createWorld('procs', { rateLimits: { globalPerSecond: 30, perChatPerSecond: 1 }, latencyMs: { min: 50, max: 100 } });
  publish('Earlier: Beijing weather');
  world.setSources([{ name: 'CN Wire', url: world.feeds.url('/cn.rss') }]);
  const chats = createChatService({ chats: createRedisChatStore({ redis: world.redis, keys: createKeys(world.prefix) }), clock: systemClock, defaultTimes: ['08:00'] });
  for (let i = 0; i < CHATS; i++) {
    const id = FIRST + i;
    world.emulator.addChat({ id, type: 'private', first_name: `Reader ${i}` });
    await chats.ensure({ id, type: 'private' }, 'en');
    await chats.subscribe(id, ['china']);
    await chats.setSchedule(id, { mode: 'instant' });
  }
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('one bot and several workers on one Redis', () => {
  let bot: RunningProcess;
  let workers: RunningProcess[];

  it('three workers fetch each source once per cycle and deliver each alert once', async () => {
    bot = world.spawn(['--bot'], { PORT: '0' });
    workers = [1, 2, 3].map(() => world.spawn(['--worker'], { PORT: '0', FEED_POLL_SECONDS: '2', JOB_LOCK_SECONDS: '3' }));
    await world.emulator.waitForPolling(20_000);
    await Promise.all(workers.map((w) => w.waitForOutput(/silkwire started/, 20_000)));
    const before = world.feeds.requests('/cn.rss');
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const cycles = (Date.now() - started) / 2000;
    const fetches = world.feeds.requests('/cn.rss') - before;
    expect(fetches).toBeLessThanOrEqual(Math.ceil(cycles) + 1);
    expect(fetches).toBeGreaterThanOrEqual(Math.floor(cycles) - 1);

    publish('Beijing and Astana sign visa deal');
    await until(() => countsFor('Beijing and Astana sign visa deal').size === CHATS, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const counts = countsFor('Beijing and Astana sign visa deal');
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect((await world.ask(FIRST, '/latest china 1')).text).toContain('Beijing and Astana sign visa deal');
  }, 120_000);

  it('a worker killed mid fan-out loses nothing and repeats at most the messages in flight', async () => {
    await Promise.all(workers.slice(1).map((w) => w.stop()));
    const victim = workers[0]!;
    const title = 'Xi Jinping meets Tokayev on Silk Road projects';
    publish(title);
    await until(() => countsFor(title).size >= 40, 60_000);
    victim.child.kill('SIGKILL');
    await victim.exited;
    const atKill = countsFor(title).size;
    const replacement = world.spawn(['--worker'], { PORT: '0', FEED_POLL_SECONDS: '2', JOB_LOCK_SECONDS: '3' });
    await until(() => countsFor(title).size === CHATS, 90_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const counts = countsFor(title);
    const repeated = [...counts.values()].filter((n) => n > 1).length;
    console.log(`crash recovery: ${atKill} delivered before the kill, ${CHATS} after restart, ${repeated} repeated`);
    expect(counts.size).toBe(CHATS);
    // In flight at the kill: the requests on the wire (about rate × latency), never whole batches again.
    expect(repeated).toBeLessThanOrEqual(6);
    await replacement.stop();
    expect(bot.output()).not.toContain(world.emulator.token);
  }, 150_000);
});
