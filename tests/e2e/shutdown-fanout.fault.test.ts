import { afterEach, describe, expect, it } from 'vitest';
import { createWire, receivedBy, seedInstantChats, until } from '../helpers/deliveries';
import { createWorld, type World } from '../helpers/world';

let world: World | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('shutdown during a fan-out', () => {
  it('SIGTERM during a fan-out: the worker finishes what it holds, exits 0, and the next worker sends the rest, each once', async () => {
    world = await createWorld('sigterm-fanout', { rateLimits: { globalPerSecond: 30, perChatPerSecond: 1 }, latencyMs: { min: 50, max: 100 } });
    // Six batches of 100: the worker holds four at a time, so two are still queued when it is told to stop.
    const chats = 600;
    const first = 40_000;
    const wire = createWire(world, '/cn.rss', 'CN Wire');
    wire.publish('Earlier: Beijing weather');
    world.setSources([{ name: 'CN Wire', url: wire.url }]);
    await seedInstantChats(world, Array.from({ length: chats }, (_, i) => first + i));
    const worker = world.spawn(['--worker'], { PORT: '0', FEED_POLL_SECONDS: '1' });
    await worker.waitForOutput(/silkwire started/, 20_000);
    // Let the first poll settle (the earlier item is no news), then publish the alert.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const title = 'Beijing and Astana open a new border crossing';
    wire.publish(title);
    await until(() => receivedBy(world!, title, first).size >= 20, 60_000, 'the fan-out to start');
    expect(await worker.stop('SIGTERM')).toBe(0);
    const atStop = receivedBy(world, title, first).size;
    expect(atStop).toBeLessThan(chats);

    const next = world.spawn(['--worker'], { PORT: '0', FEED_POLL_SECONDS: '1' });
    await next.waitForOutput(/silkwire started/, 20_000);
    await until(() => receivedBy(world!, title, first).size === chats, 120_000, 'every chat to get the alert');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const counts = receivedBy(world, title, first);
    expect(counts.size).toBe(chats);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  }, 240_000);
});
