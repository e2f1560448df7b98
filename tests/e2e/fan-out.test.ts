import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWire, receivedBy, seedInstantChats, until } from '../helpers/deliveries';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

const CHATS = 500;
const FIRST = 10_000;
const BLOCKED = [FIRST + 7, FIRST + 77, FIRST + 177, FIRST + 277, FIRST + 477];

let world: World;
let app: RunningProcess;
let wire: ReturnType<typeof createWire>;
let base: string;

beforeAll(async () => {
  world = await createWorld('fanout', { rateLimits: { globalPerSecond: 30, perChatPerSecond: 1 }, latencyMs: { min: 50, max: 100 } });
  wire = createWire(world, '/cn.rss', 'CN Wire');
  wire.publish('Earlier: local weather report'); // off-topic: the fan-out under test is the only one
  world.setSources([{ name: 'CN Wire', url: wire.url }]);
  await seedInstantChats(world, Array.from({ length: CHATS }, (_, i) => FIRST + i));
  for (const id of BLOCKED) world.emulator.setUserDeactivated(id);
  app = world.spawn([], { PORT: '0' });
  base = (JSON.parse(await app.waitForOutput(/silkwire started/, 20_000)) as { url: string }).url;
  await world.emulator.waitForPolling(20_000);
  await app.waitForOutput(/source ingested/, 20_000);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

describe('fan-out to 500 chats within Telegram limits', () => {
  it('every reachable chat gets the alert exactly once, with at most one 429, and gone chats once at most', async () => {
    const title = 'Xi Jinping announces reform package';
    const started = Date.now();
    wire.publish(title);
    // A person asking something in the middle of the fan-out is answered before the fan-out ends.
    await until(() => receivedBy(world, title, FIRST).size >= 50, 60_000, 'fan-out start');
    const reply = await world.ask(999, '/latest china 1', { id: 999, first_name: 'Curious', language_code: 'en' });
    const deliveredWhenAnswered = receivedBy(world, title, FIRST).size;
    expect(reply.text).toContain('Latest on China');
    expect(deliveredWhenAnswered).toBeLessThan(CHATS - BLOCKED.length - 100);
    await until(() => receivedBy(world, title, FIRST).size >= CHATS - BLOCKED.length, 90_000, 'fan-out');
    const seconds = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const counts = receivedBy(world, title, FIRST);
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const stats = world.emulator.stats();
    console.log(`reply during fan-out: answered when ${deliveredWhenAnswered} of ${CHATS - BLOCKED.length} alerts were out`);
    console.log(`fan-out: ${counts.size} chats in ${seconds.toFixed(1)} s (${(counts.size / seconds).toFixed(1)} msg/s incl. ingest), duplicates ${duplicates}, 429s ${stats.rejected429}`);
    expect(counts.size).toBe(CHATS - BLOCKED.length);
    expect(duplicates).toBe(0);
    expect(stats.rejected429).toBeLessThanOrEqual(1);
    for (const id of BLOCKED) expect(counts.has(id)).toBe(false);

    // A second fan-out: the gone chats were suspended at their first refusal and get no second attempt.
    const next = 'Shanghai Cooperation Organisation meets';
    wire.publish(next);
    await until(() => receivedBy(world, next, FIRST).size >= CHATS - BLOCKED.length, 90_000, 'second fan-out');
    const attemptsOnGone = world.emulator.calls('sendMessage').filter((call) => BLOCKED.includes(Number((call.params as { chat_id?: unknown }).chat_id)));
    expect(attemptsOnGone).toHaveLength(BLOCKED.length);
    expect(receivedBy(world, title, FIRST).size).toBe(CHATS - BLOCKED.length);

    // What an operator sees on /metrics after the two fan-outs.
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const lines = metrics.split('\n').filter((line) => /^silkwire_(messages_(sent|failed)_total|telegram_rate_limited_total|subscribed_chats|articles_stored|queue_jobs\{queue="delivery",state="(waiting|failed)"\})/.test(line));
    console.log(`metrics after fan-out:\n${lines.join('\n')}`);
    expect(metrics).toMatch(/silkwire_messages_sent_total\{method="sendMessage"\} (9[89]\d|\d{4})/);
    expect(metrics).toMatch(/silkwire_messages_failed_total\{method="sendMessage",reason="gone"\} 5/);
    expect(metrics).toMatch(/silkwire_subscribed_chats\{topic="china"\} 495/);
  }, 200_000);
});
