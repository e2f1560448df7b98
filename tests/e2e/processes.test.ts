import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWire, receivedBy, seedInstantChats, until, worldCore } from '../helpers/deliveries';
import type { RunningProcess } from '../helpers/process';
import { createWorld, type World } from '../helpers/world';

const CHATS = 150;
const FIRST = 20_000;

let world: World;
let wire: ReturnType<typeof createWire>;
const countsFor = (title: string) => receivedBy(world, title, FIRST);
const publish = (title: string) => wire.publish(title);

beforeAll(async () => {
  world = await createWorld('procs', { rateLimits: { globalPerSecond: 30, perChatPerSecond: 1 }, latencyMs: { min: 50, max: 100 } });
  wire = createWire(world, '/cn.rss', 'CN Wire');
  publish('Earlier: Beijing weather');
  world.setSources([{ name: 'CN Wire', url: wire.url }]);
  await seedInstantChats(world, Array.from({ length: CHATS }, (_, i) => FIRST + i));
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

    // Digests: 30 chats whose digest time has come are each sent exactly one digest by the three workers.
    const digestChats = Array.from({ length: 30 }, (_, i) => 30_000 + i);
    const core = worldCore(world);
    const { chats } = core;
    const store = core.chatStore;
    for (const id of digestChats) {
      world.emulator.addChat({ id, type: 'private', first_name: `Digest ${id}` });
      await chats.ensure({ id, type: 'private' }, 'en');
      await chats.subscribe(id, ['china']);
    }
    // Their 08:00 has come: move them to now in the schedule, as the clock would.
    const scheduled = await store.dueDigests(Date.now() + 2 * 86_400_000, 10_000);
    await store.reschedule(scheduled.filter((entry) => digestChats.includes(entry.chatId)).map((entry) => ({ member: entry.member, at: Date.now() })));
    const digests = () => receivedBy(world, 'Your Silkwire digest', 30_000);
    await until(() => digests().size === digestChats.length, 40_000, 'digests');
    await new Promise((resolve) => setTimeout(resolve, 12_000)); // at least one more planning round on every worker
    expect([...digests().values()].every((n) => n === 1)).toBe(true);
    expect(digests().size).toBe(digestChats.length);
  }, 150_000);

  it('a worker killed mid fan-out loses nothing and repeats at most the messages in flight', async () => {
    await Promise.all(workers.slice(1).map((w) => w.stop()));
    const victim = workers[0]!;
    const title = 'Xi Jinping meets Tokayev on Silk Road projects';
    publish(title);
    await until(() => countsFor(title).size >= 40, 60_000);
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    await victim.exited;
    const atKill = countsFor(title).size;
    const replacement = world.spawn(['--worker'], { PORT: '0', FEED_POLL_SECONDS: '2', JOB_LOCK_SECONDS: '3' });
    await until(() => countsFor(title).size === CHATS, 90_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const counts = countsFor(title);
    const repeatedChats = [...counts.entries()].filter(([, n]) => n > 1).map(([id]) => id);
    const repeated = repeatedChats.length;
    // Each repeat must be a message that was on the wire at the kill: its first copy was sent just before it (within the
    // time a loaded machine may take between Telegram's answer and the ledger write that records it).
    const firstSend = (id: number) =>
      Math.min(...world.emulator.calls('sendMessage').filter((c) => (c.params as { chat_id?: unknown }).chat_id === id && String((c.params as { text?: unknown }).text).includes(title)).map((c) => c.time));
    for (const id of repeatedChats) expect(killedAt - firstSend(id)).toBeLessThan(2000);
    console.log(`crash recovery: ${atKill} delivered before the kill, ${CHATS} after restart, ${repeated} repeated`);
    expect(counts.size).toBe(CHATS);
    // In flight at the kill: the requests on the wire (about rate × latency), never whole batches again.
    expect(repeated).toBeLessThanOrEqual(6);
    await replacement.stop();
    expect(bot.output()).not.toContain(world.emulator.token);
  }, 150_000);
});
