import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article';
import { createDeliveryService } from '../../src/delivery/delivery-service';
import { createRedisChatLock } from '../../src/storage/locks';
import type { Sender } from '../../src/telegram/sender';
import { createDeliveryCore } from '../helpers/core';

// Duplicates and lost work under slow Telegram: the chat lock outlives slow calls, a holder whose lock expired
// cannot advance the watermark, settings changes never roll a watermark back, and articles beyond the collection
// cap are counted.

let core: Awaited<ReturnType<typeof createDeliveryCore>>;
let n = 0;

function article(title: string, topics: Article['topics']): Article {
  n += 1;
  return { sourceId: 'src-f', sourceName: 'Fence Wire', guid: `f${n}`, title, url: `https://fence.example/${n}`, description: '', publishedAt: Date.now() - 60_000 + n, language: 'en', topics };
}

async function subscriber(id: number, topics: Article['topics']) {
  core.emulator.addChat({ id, type: 'private', first_name: `U${id}` });
  await core.chats.ensure({ id, type: 'private' }, 'en');
  await core.chats.subscribe(id, topics);
  await core.chats.setSchedule(id, { mode: 'instant' });
  await new Promise((r) => setTimeout(r, 3));
}

async function publish(a: Article): Promise<void> {
  await core.articles.save(a);
  await new Promise((resolve) => setTimeout(resolve, 3));
}

const texts = (chatId: number) => core.emulator.sent(chatId).map((m) => m.text);

/** A delivery service on the test core with its own lock ttl and Telegram slowed down by `delayMs` per message. */
function deliveryWith(options: { lockTtlMs?: number; delayMs?: number }) {
  const slow: Sender = {
    ...core.sender,
    async send(chatId, html, sendOptions) {
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
      return core.sender.send(chatId, html, sendOptions);
    },
  };
  return createDeliveryService({
    chats: core.chatStore,
    articles: core.articles,
    sender: slow,
    lock: createRedisChatLock({ redis: core.redis, keys: core.keys, ...(options.lockTtlMs ? { ttlMs: options.lockTtlMs } : {}) }),
    clock: core.core.clock,
    storeNow: () => core.articles.now(),
    logger: core.core.logger,
    stories: core.core.stories,
    storyReader: core.core.storyReader,
  });
}

beforeAll(async () => {
  core = await createDeliveryCore('fencing');
});
afterAll(() => core.close());

describe('delivery under slow Telegram (real Redis, emulator)', () => {
  it('keeps the chat lock while a slow send outlasts its ttl, so a second job does not send the same alert', async () => {
    await subscriber(41, ['china']);
    await publish(article('Slow wire: Harbin ice festival opens', ['china']));
    const upTo = (await core.articles.now()) + 1;
    const delivery = deliveryWith({ lockTtlMs: 600, delayMs: 2400 });
    const first = delivery.deliver(41, 'alert', upTo, 'job-a');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // well past the ttl, still inside the slow send
    const second = await delivery.deliver(41, 'alert', upTo, 'job-b');
    expect(second.status).toBe('busy');
    expect((await first).status).toBe('sent');
    expect(texts(41).filter((t) => t.includes('Harbin ice festival'))).toHaveLength(1);
  });

  it('a holder whose lock expired cannot advance the watermark or record sends', async () => {
    await subscriber(42, ['china']);
    const lock = createRedisChatLock({ redis: core.redis, keys: core.keys });
    const before = (await core.chatStore.get(42))?.watermark;
    expect(await lock.acquire(42, 'stale')).toBe(true);
    await core.redis.del(core.keys.chatLock(42)); // its ttl ran out
    expect(await lock.acquire(42, 'fresh')).toBe(true);
    expect(await core.chatStore.advanceWatermark(42, Date.now() + 60_000, { chat: 42, owner: 'stale' })).toBe(false);
    expect(await core.chatStore.markSent(42, ['x1'], { chat: 42, owner: 'stale' })).toBe(false);
    expect((await core.chatStore.get(42))?.watermark).toBe(before);
    expect(await core.chatStore.sentIds(42)).toEqual(new Set());
    expect(await core.chatStore.markSent(42, ['x2'], { chat: 42, owner: 'fresh' })).toBe(true);
    expect(await core.chatStore.advanceWatermark(42, Date.now() + 60_000, { chat: 42, owner: 'fresh' })).toBe(true);
    expect((await core.chatStore.get(42))?.watermark).toBeGreaterThan(before ?? 0);
    await lock.release(42, 'fresh');
  });

  it('opening a delivery takes the lock and reads the chat under it; the last write lets the lock go', async () => {
    await subscriber(46, ['china', 'kazakhstan']);
    const lock = createRedisChatLock({ redis: core.redis, keys: core.keys });
    const mine = { chat: 46, owner: 'job-a' };
    expect(await core.chatStore.markSent(46, ['x1'], mine)).toBe(false); // no lock yet: nothing recorded

    const opened = await core.chatStore.openDelivery(mine, 30_000);
    expect(opened?.chat).toEqual(await core.chatStore.get(46));
    expect([...(opened?.chat?.topics ?? [])].sort()).toEqual(['china', 'kazakhstan']);
    expect(opened?.sent).toEqual(new Set());
    expect(await core.redis.pttl(core.keys.chatLock(46))).toBeGreaterThan(29_000);
    expect(await core.chatStore.openDelivery({ chat: 46, owner: 'job-b' }, 30_000)).toBeUndefined();
    expect(await lock.acquire(46, 'job-b')).toBe(false);

    // A retry of the same job enters again and sees what the delivery under way already sent.
    expect(await core.chatStore.markSent(46, ['x1', 'x2'], mine)).toBe(true);
    expect((await core.chatStore.openDelivery(mine, 30_000))?.sent).toEqual(new Set(['x1', 'x2']));

    const upTo = Date.now() + 60_000;
    expect(await core.chatStore.advanceWatermark(46, upTo, mine, { release: true })).toBe(true);
    expect(await core.redis.exists(core.keys.chatLock(46))).toBe(0);
    const next = await core.chatStore.openDelivery({ chat: 46, owner: 'job-b' }, 30_000);
    expect(next?.chat?.watermark).toBe(upTo);
    expect(next?.sent).toEqual(new Set());
    // The old owner's late write changes nothing and leaves the new owner's lock alone.
    expect(await core.chatStore.advanceWatermark(46, upTo + 1, mine, { release: true })).toBe(false);
    expect(await core.redis.get(core.keys.chatLock(46))).toBe('job-b');
    await lock.release(46, 'job-b');
    expect(await core.chatStore.openDelivery({ chat: 99_404, owner: 'job-c' }, 30_000)).toEqual({ chat: undefined, sent: new Set() });
    await lock.release(99_404, 'job-c');
  });

  it('reads the chat\'s story records with the lock, and writes the sent stories in the watermark\'s call, lock or no lock', async () => {
    await subscriber(47, ['china']);
    const { stories, chatStore } = core.core;
    await stories.markSentTo(47, [{ storyId: 's1', sources: 2 }], 1_000);
    const mine = { chat: 47, owner: 'job-s' };
    const opened = await chatStore.openDelivery(mine, 30_000, stories.sentRead(47, ['s1', 's2']));
    expect(opened?.also).toEqual(['2|1000', null]);
    expect(stories.sentFrom(['s1', 's2'], opened!.also!)).toEqual(new Map([['s1', { sources: 2, sentAt: 1_000 }]]));
    // Another owner reads nothing: it does not hold the lock.
    expect(await chatStore.openDelivery({ chat: 47, owner: 'job-t' }, 30_000, stories.sentRead(47, ['s1']))).toBeUndefined();

    const sizes: number[] = [];
    const write = stories.sentWrite(47, [{ storyId: 's2', sources: 1 }], 2_000)!;
    const upTo = Date.now() + 60_000;
    expect(await chatStore.advanceWatermark(47, upTo, mine, { release: true, alsoWrite: { ...write, written: async (size) => void sizes.push(size) } })).toBe(true);
    expect(sizes).toEqual([2]);
    expect(await stories.sentTo(47, ['s1', 's2'])).toEqual(new Map([['s1', { sources: 2, sentAt: 1_000 }], ['s2', { sources: 1, sentAt: 2_000 }]]));
    expect((await chatStore.get(47))?.watermark).toBe(upTo);
    expect(await core.redis.exists(core.keys.chatLock(47))).toBe(0);
    // A holder that lost its lock still records what it sent (a message that went out), but moves no watermark.
    expect(await chatStore.advanceWatermark(47, upTo + 1, mine, { release: true, alsoWrite: stories.sentWrite(47, [{ storyId: 's3', sources: 4 }], 3_000)! })).toBe(false);
    expect((await stories.sentTo(47, ['s3'])).get('s3')).toEqual({ sources: 4, sentAt: 3_000 });
    expect((await chatStore.get(47))?.watermark).toBe(upTo);

    // A chat keeps the newest 5,000 records: written with the watermark, the ones sent longest ago go.
    for (let chunk = 0; chunk < 5; chunk++) {
      const records = Array.from({ length: chunk < 4 ? 1_000 : 997 }, (_, i) => ({ storyId: `old${chunk}-${i}`, sources: 1 }));
      await stories.markSentTo(47, records, 5_000);
    }
    expect(await core.redis.hlen(core.keys.chatStories(47))).toBe(5_000);
    const again = { chat: 47, owner: 'job-u' };
    await chatStore.openDelivery(again, 30_000);
    const last = stories.sentWrite(47, [{ storyId: 's4', sources: 1 }], 9_000)!;
    expect(await chatStore.advanceWatermark(47, upTo + 2, again, { release: true, alsoWrite: last })).toBe(true);
    expect(await core.redis.hlen(core.keys.chatStories(47))).toBe(5_000);
    expect([...(await stories.sentTo(47, ['s1', 's2', 's3', 's4'])).keys()]).toEqual(['s2', 's3', 's4']);
  });

  it('a settings change racing a watermark advance does not roll the watermark back (no repeat)', async () => {
    await subscriber(43, ['china']);
    await publish(article('Race: Tianjin port expands', ['china']));
    const lock = createRedisChatLock({ redis: core.redis, keys: core.keys });
    const advancedTo = (await core.articles.now()) + 1;
    await lock.acquire(43, 'job-r');
    let advance: Promise<boolean> | undefined;
    // The change runs between the store's read and its write: the advance reaches Redis in between.
    await core.chatStore.update(
      43,
      (chat) => {
        advance = core.chatStore.advanceWatermark(43, advancedTo, { chat: 43, owner: 'job-r' });
        return { ...chat, language: 'ru' };
      },
      Date.now(),
    );
    expect(await advance).toBe(true);
    await lock.release(43, 'job-r');
    expect(await core.chatStore.get(43)).toMatchObject({ language: 'ru', watermark: advancedTo });
    // The article before the watermark was delivered by the job that advanced it: the next alert must not repeat it.
    expect((await core.delivery.deliver(43, 'alert', (await core.articles.now()) + 1, 'job-s')).status).toBe('nothing-new');
    expect(texts(43)).toHaveLength(0);
  });

  it('counts the articles beyond the collection cap (500 per topic) in the "and N more" line', async () => {
    await subscriber(44, ['kazakhstan']);
    for (let i = 0; i < 510; i += 30) {
      await Promise.all(Array.from({ length: Math.min(30, 510 - i) }, (_, j) => core.articles.save(article(`Cap story ${i + j} from Astana`, ['kazakhstan']))));
    }
    await new Promise((resolve) => setTimeout(resolve, 3));
    const outcome = await core.delivery.deliver(44, 'alert', (await core.articles.now()) + 1, 'job-cap');
    expect(outcome.status).toBe('sent');
    // 10 shown of the 500 collected, and 10 more that were never collected: 500 more in all.
    expect(texts(44).join('\n')).toContain('…and 500 more: /latest kazakhstan 20');
  });
});
