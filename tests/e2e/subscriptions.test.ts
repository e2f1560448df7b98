import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss } from '../helpers/feed-server';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

// Telegram's limits on, with realistic latency: everything below must hold within them.
let world: World;
let app: RunningProcess;
const items: Array<{ title: string; link: string; pubDate: Date }> = [];

function publish(title: string): void {
  items.unshift({ title, link: `https://wire.example/${encodeURIComponent(title)}`, pubDate: new Date() });
  world.feeds.set('/wire.rss', rss('Wire', items));
}

beforeAll(async () => {
  world = await createWorld('subs', { rateLimits: { globalPerSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 }, latencyMs: { min: 50, max: 100 } });
  publish('Old story about Astana from before');
  world.setSources([{ name: 'Wire', url: world.feeds.url('/wire.rss') }]);
  app = world.spawn([], { PORT: '0' });
  await world.emulator.waitForPolling(20_000);
  await app.waitForOutput(/source ingested/, 20_000);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const alice = { id: 501, first_name: 'Alice', language_code: 'en' };

describe('subscriptions and delivery, end to end', () => {
  it('confirms a subscription with its schedule, and lists it', async () => {
    const reply = await world.ask(501, '/subscribe china', alice);
    expect(reply.text).toContain('Subscribed to: China');
    expect(reply.text).toContain('Digests come every day at 08:00 (UTC)');
    const list = await world.ask(501, '/subscriptions', alice);
    expect(list.text).toMatch(/Topics: China\nSchedule: Digests come every day at 08:00 \(UTC\)\.\nTime zone: UTC\nLanguage: English/);
  });

  it('unsubscribes by topic, by buttons, or from everything', async () => {
    const erin = { id: 505, first_name: 'Erin', language_code: 'en' };
    expect((await world.ask(505, '/subscribe kz china', erin)).text).toContain('Subscribed to: Kazakhstan, China');
    const pick = await world.ask(505, '/unsubscribe', erin);
    expect(pick.text).toContain('stop following');
    expect(pick.reply_markup?.inline_keyboard?.flat().map((b) => b.callback_data)).toEqual(['t:unsub:kazakhstan', 't:unsub:china']);
    expect((await world.ask(505, '/unsubscribe китай', erin)).text).toBe('Done. Still subscribed to: Kazakhstan.');
    expect((await world.ask(505, '/unsubscribe mars', erin)).text).toContain('kazakhstan, china, all');
    expect((await world.ask(505, '/unsubscribe all', erin)).text).toBe('Done. This chat has no subscriptions now.');
    expect((await world.ask(505, '/subscriptions', erin)).text).toContain('Topics: none');
  });

  it('explains bad settings and changes nothing', async () => {
    expect((await world.ask(501, '/digest 25:00', alice)).text).toContain('/digest 08:00,18:30');
    expect((await world.ask(501, '/digest 1:00,2:00,3:00,4:00,5:00,6:00,7:00', alice)).text).toContain('At most 6');
    expect((await world.ask(501, '/timezone Mars/Olympus', alice)).text).toMatch(/not a time zone I know[\s\S]*Asia\/Almaty/);
    expect((await world.ask(501, '/subscribe atlantis', alice)).text).toContain('kazakhstan, china');
    expect((await world.ask(501, '/language xx', alice)).text).toContain('en (English)');
    const list = await world.ask(501, '/subscriptions', alice);
    expect(list.text).toContain('Topics: China\nSchedule: Digests come every day at 08:00 (UTC)');
  });

  it('guesses the zone from the language and speaks the chosen language', async () => {
    const siti = { id: 502, first_name: 'Siti', language_code: 'id' };
    expect((await world.ask(502, '/subscribe kazakhstan', siti)).text).toContain('(Asia/Jakarta)');
    expect((await world.ask(502, '/language ru', siti)).text).toContain('по-русски');
    expect((await world.ask(502, '/subscriptions', siti)).text).toContain('Язык: Русский');
    expect((await world.ask(502, '/timezone UTC+5', siti)).text).toContain('UTC+5');
  });

  it('sends an instant alert once, with only the articles on the chat topics', async () => {
    const instant = await world.ask(501, '/digest instant', alice);
    expect(instant.text).toContain('instant alerts');
    const before = world.emulator.sent(501).length;
    publish('Beijing unveils new five-year plan');
    publish('Tokayev visits Aktau port');
    publish('Local football club wins cup');
    const alert = await world.emulator.waitFor((m) => m.chat.id === 501 && m.text.includes('Beijing unveils'), 20_000);
    expect(alert.text).toMatch(/^🔔 New articles/);
    expect(alert.text).toContain('Beijing unveils new five-year plan');
    expect(alert.text).not.toContain('Tokayev');
    expect(alert.text).not.toContain('football');
    expect(alert.text).not.toContain('Old story');
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(world.emulator.sent(501).slice(before).filter((m) => m.text.includes('Beijing unveils'))).toHaveLength(1);
  });

  it('lets only group administrators change a group, while anyone may read', async () => {
    const group = -1001234;
    const member = { id: 7001, first_name: 'Mem' };
    const admin = { id: 7002, first_name: 'Adm' };
    world.emulator.addChat({ id: group, type: 'supergroup', title: 'Newsroom' });
    world.emulator.setChatMemberStatus(group, member.id, 'member');
    world.emulator.setChatMemberStatus(group, admin.id, 'administrator');
    expect((await world.ask(group, '/subscribe china', member, 'supergroup')).text).toContain('Only this group');
    expect((await world.ask(group, '/digest instant', member, 'supergroup')).text).toContain('Only this group');
    expect((await world.ask(group, '/subscriptions', member, 'supergroup')).text).toContain('Topics: none');
    expect((await world.ask(group, `/latest@${world.emulator.bot.username} china 1`, member, 'supergroup')).text).toContain('Latest on China');
    expect((await world.ask(group, '/subscribe china', admin, 'supergroup')).text).toContain('Subscribed to: China');
  });

  it('ignores commands addressed to another bot', async () => {
    const group = -1001234;
    const before = world.emulator.sent(group).length;
    world.emulator.sendText({ chatId: group, text: '/latest@some_other_bot', from: { id: 7001, first_name: 'Mem' } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(world.emulator.sent(group)).toHaveLength(before);
  });

  it('topic buttons subscribe and update the message; the callback is answered', async () => {
    const bob = { id: 503, first_name: 'Bob', language_code: 'en' };
    const topics = await world.ask(503, '/topics', bob);
    const button = topics.reply_markup?.inline_keyboard?.flat().find((b) => b.callback_data === 't:sub:kazakhstan');
    expect(button?.text).toContain('Kazakhstan');
    world.emulator.pressButton({ chatId: 503, messageId: topics.message_id, data: 't:sub:kazakhstan', from: bob });
    const edited = await world.emulator.waitFor((m) => m.chat.id === 503 && m.message_id === topics.message_id && m.edits > 0, 10_000);
    expect(edited.reply_markup?.inline_keyboard?.flat().map((b) => b.callback_data)).toContain('t:unsub:kazakhstan');
    expect(world.emulator.callbackAnswers().some((a) => a.chatId === 503 || a.text === 'Saved')).toBe(true);
    expect((await world.ask(503, '/subscriptions', bob)).text).toContain('Topics: Kazakhstan');
  });

  it('suspends a chat that blocks the bot and resumes it on /start', async () => {
    const carol = { id: 504, first_name: 'Carol', language_code: 'en' };
    await world.ask(504, '/subscribe china', carol);
    await world.ask(504, '/digest instant', carol);
    world.emulator.blockBot(504);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    publish('Shanghai exchange hits record');
    await world.emulator.waitFor((m) => m.chat.id === 501 && m.text.includes('Shanghai exchange'), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const attempts = world.emulator.calls('sendMessage').filter((c) => (c.params as { chat_id?: unknown }).chat_id === 504 && !c.ok);
    expect(attempts.length).toBeLessThanOrEqual(1);
    // Writing again unblocks the bot (Telegram sends my_chat_member first): deliveries resume.
    const back = await world.ask(504, '/start', carol);
    expect(back.text).toContain('Hello, Carol!');
    publish('Beijing opens new airport');
    const resumed = await world.emulator.waitFor((m) => m.chat.id === 504 && m.text.includes('Beijing opens new airport'), 20_000);
    expect(resumed.text).not.toContain('Shanghai exchange');
  });
});
