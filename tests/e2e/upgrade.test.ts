import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/feed-server';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

// An operator upgrades a running deployment: its subscribers were stored in the format before the compact buckets.
// The new version must start with all of them, settings intact, and keep delivering to them.
let world: World;
let app: RunningProcess;
const items: Array<{ title: string; link: string; pubDate: Date }> = [];
const IVAN = 611; // a Russian digest reader in Almaty
const MEI = 612; // an instant-alert reader of China news

function publish(title: string): void {
  items.unshift({ title, link: `https://wire.example/${encodeURIComponent(title)}`, pubDate: new Date() });
  world.feeds.set('/wire.rss', rss('Wire', items));
}

beforeAll(async () => {
  world = await createWorld('upgrade');
  const p = world.prefix;
  const now = Date.now();
  await world.redis
    .multi()
    .hset(`${p}:chat:${IVAN}`, { type: 'private', topics: 'kazakhstan', mode: 'digest', times: '07:30,19:00', zone: 'Asia/Almaty', language: 'ru', status: 'active', strikes: '0', createdAt: String(now - 86_400_000), member: `${IVAN}|Asia/Almaty|07:30,19:00` })
    .hset(`${p}:chat:${MEI}`, { type: 'private', topics: 'china', mode: 'instant', times: '08:00', zone: 'UTC', language: 'en', status: 'active', strikes: '0', createdAt: String(now - 86_400_000), member: '', watermark: String(now - 60_000) })
    .sadd(`${p}:chats`, String(IVAN), String(MEI))
    .zadd(`${p}:digest:due`, now + 3_600_000, `${IVAN}|Asia/Almaty|07:30,19:00`)
    .sadd(`${p}:subs:topic:kazakhstan`, String(IVAN))
    .sadd(`${p}:subs:topic:china`, String(MEI))
    .sadd(`${p}:subs:instant:china`, String(MEI))
    .exec();
  world.emulator.addChat({ id: MEI, type: 'private', first_name: 'Mei' });
  publish('Old story about Astana from before');
  world.setSources([{ name: 'Wire', url: world.feeds.url('/wire.rss') }]);
  app = world.spawn([], { PORT: '0' });
  await app.waitForOutput(/chats imported from the old storage format/, 30_000);
  await world.emulator.waitForPolling(20_000);
  await app.waitForOutput(/source ingested/, 20_000);
}, 90_000);

afterAll(async () => {
  await world?.close();
});

describe('upgrading a deployment from the old chat storage', () => {
  it('says in its log how many chats it brought over', () => {
    expect(app.output()).toMatch(/"imported":2[^\n]*chats imported from the old storage format/);
  });

  it("shows a subscriber their own settings, in their language", async () => {
    const list = await world.ask(IVAN, '/subscriptions', { id: IVAN, first_name: 'Иван', language_code: 'ru' });
    expect(list.text).toContain('Темы: Казахстан');
    expect(list.text).toContain('07:30, 19:00');
    expect(list.text).toContain('Часовой пояс: Asia/Almaty');
  });

  it('keeps sending instant alerts to an imported chat, once', async () => {
    publish('Beijing opens a new rail link to Almaty');
    const alert = await world.emulator.waitFor((m) => m.chat.id === MEI && m.text.includes('Beijing opens'), 20_000);
    expect(alert.text).toMatch(/^🔔/);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(world.emulator.sent(MEI).filter((m) => m.text.includes('Beijing opens'))).toHaveLength(1);
  });

  it('leaves none of the old keys behind', async () => {
    const p = world.prefix;
    expect(await world.redis.exists(`${p}:chat:${IVAN}`, `${p}:chat:${MEI}`, `${p}:chats`, `${p}:subs:topic:kazakhstan`, `${p}:subs:topic:china`)).toBe(0);
    expect(await world.redis.zscore(`${p}:digest:due`, `${IVAN}|Asia/Almaty|07:30,19:00`)).toBeNull();
  });
});
