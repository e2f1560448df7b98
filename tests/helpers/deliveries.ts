import { loadConfig } from '../../src/config/config';
import { createCore, type Core } from '../../src/core';
import { rss } from './feed-server';
import type { World } from './world';

/** A feed whose newest item is added on demand, served by the world's feed server at `path`. */
export function createWire(world: World, path: string, name: string) {
  const items: Array<{ title: string; link: string; pubDate: Date }> = [];
  return {
    url: world.feeds.url(path),
    publish(title: string): void {
      items.unshift({ title, link: `https://wire.example/${encodeURIComponent(title)}`, pubDate: new Date() });
      world.feeds.set(path, rss(name, items));
    },
  };
}

/** The core on the world's Redis and prefix, as the processes under test build it, for seeding and checking state. */
export function worldCore(world: World): Core {
  return createCore(loadConfig({ REDIS_PREFIX: world.prefix }), world.redis);
}

/** Subscribes chats to China with instant alerts, the way /subscribe china and /digest instant leave them. */
export async function seedInstantChats(world: World, ids: readonly number[]): Promise<void> {
  const { chats } = worldCore(world);
  for (const id of ids) {
    world.emulator.addChat({ id, type: 'private', first_name: `Reader ${id}` });
    await chats.ensure({ id, type: 'private' }, 'en');
    await chats.subscribe(id, ['china']);
    await chats.setSchedule(id, { mode: 'instant' });
  }
}

/** How many messages mentioning `text` each chat from `firstChatId` up received. */
export function receivedBy(world: World, text: string, firstChatId: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const message of world.emulator.sent()) {
    if (message.chat.id >= firstChatId && message.text.includes(text)) counts.set(message.chat.id, (counts.get(message.chat.id) ?? 0) + 1);
  }
  return counts;
}

/** Polls until the check passes, or throws after the timeout. */
export async function until(check: () => boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
