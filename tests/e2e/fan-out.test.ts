import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../src/chats/chat-service';
import { createRedisChatStore } from '../../src/chats/chat-store';
import { createKeys } from '../../src/storage/keys';
import { systemClock } from '../../src/time/clock';
import { rss } from '../helpers/feed-server';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

const CHATS = 500;
const FIRST = 10_000;
const BLOCKED = [FIRST + 7, FIRST + 77, FIRST + 177, FIRST + 277, FIRST + 477];

let world: World;
let app: RunningProcess;
const items: Array<{ title: string; link: string; pubDate: Date }> = [];

function publish(title: string): void {
  items.unshift({ title, link: `https://wire.example/${encodeURIComponent(title)}`, pubDate: new Date() });
  world.feeds.set('/cn.rss', rss('CN Wire', items));
}

/** Every chat's alerts that mention a title. */
function receivedBy(title: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const message of world.emulator.sent()) {
    if (message.chat.id >= FIRST && message.text.includes(title)) counts.set(message.chat.id, (counts.get(message.chat.id) ?? 0) + 1);
  }
  return counts;
}

async function untilReceived(title: string, expected: number, timeoutMs: number): Promise<Map<number, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = receivedBy(title);
    if (counts.size >= expected || Date.now() > deadline) return counts;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  world = await createWorld('fanout', { rateLimits: { globalPerSecond: 30, perChatPerSecond: 1 }, latencyMs: { min: 50, max: 100 } });
  publish('Earlier: Beijing weather report');
  world.setSources([{ name: 'CN Wire', url: world.feeds.url('/cn.rss') }]);
  // 500 subscribed chats, set up the way /subscribe and /digest instant leave them.
  const chats = createChatService({ chats: createRedisChatStore({ redis: world.redis, keys: createKeys(world.prefix) }), clock: systemClock, defaultTimes: ['08:00'] });
  for (let i = 0; i < CHATS; i++) {
    const id = FIRST + i;
    world.emulator.addChat({ id, type: 'private', first_name: `Reader ${i}` });
    await chats.ensure({ id, type: 'private' }, 'en');
    await chats.subscribe(id, ['china']);
    await chats.setSchedule(id, { mode: 'instant' });
  }
  for (const id of BLOCKED) world.emulator.setUserDeactivated(id);
  app = world.spawn([], { PORT: '0' });
  await world.emulator.waitForPolling(20_000);
  await app.waitForOutput(/source ingested/, 20_000);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('fan-out to 500 chats within Telegram limits', () => {
  it('every reachable chat gets the alert exactly once, with at most one 429, and gone chats once at most', async () => {
    const started = Date.now();
    publish('Xi Jinping announces reform package');
    const counts = await untilReceived('Xi Jinping announces reform package', CHATS - BLOCKED.length, 90_000);
    const seconds = (Date.now() - started) / 1000;
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const stats = world.emulator.stats();
    console.log(`fan-out: ${counts.size} chats in ${seconds.toFixed(1)} s (${(counts.size / seconds).toFixed(1)} msg/s incl. ingest), duplicates ${duplicates}, 429s ${stats.rejected429}`);
    expect(counts.size).toBe(CHATS - BLOCKED.length);
    expect(duplicates).toBe(0);
    expect(stats.rejected429).toBeLessThanOrEqual(1);
    for (const id of BLOCKED) expect(counts.has(id)).toBe(false);

    // A second fan-out: the gone chats were suspended at their first refusal and get no second attempt.
    publish('Shanghai Cooperation Organisation meets');
    const second = await untilReceived('Shanghai Cooperation Organisation meets', CHATS - BLOCKED.length, 90_000);
    expect(second.size).toBe(CHATS - BLOCKED.length);
    const attemptsOnGone = world.emulator.calls('sendMessage').filter((call) => BLOCKED.includes(Number((call.params as { chat_id?: unknown }).chat_id)));
    expect(attemptsOnGone).toHaveLength(BLOCKED.length);
    expect(receivedBy('Xi Jinping announces reform package').size).toBe(CHATS - BLOCKED.length);
  }, 200_000);
});
