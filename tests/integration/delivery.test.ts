import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article';
import { createDeliveryCore } from '../helpers/core';

let core: Awaited<ReturnType<typeof createDeliveryCore>>;
let n = 0;

function article(title: string, topics: Article['topics']): Article {
  n += 1;
  return { sourceId: 'src-t', sourceName: 'Test Wire', guid: `g${n}`, title, url: `https://wire.example/${n}`, description: '', publishedAt: Date.now() - 60_000, language: 'en', topics };
}

async function subscriber(id: number, topics: Article['topics'], mode: 'instant' | 'digest' = 'instant') {
  const type = id < -1_000_000 ? 'supergroup' : id < 0 ? 'group' : 'private';
  core.emulator.addChat({ id, type, ...(id < 0 ? { title: `G${id}` } : { first_name: `U${id}` }) });
  await core.chats.ensure({ id, type }, 'en');
  await core.chats.subscribe(id, topics);
  await core.chats.setSchedule(id, mode === 'instant' ? { mode } : { mode, times: ['08:00'] });
  // Instant alerts start from the moment of subscribing: step past it so the next article is new.
  await new Promise((r) => setTimeout(r, 3));
}

/** Stores an article and lets the store's clock move on, as it does between an ingest and a delivery. */
async function publish(a: Article): Promise<void> {
  await core.articles.save(a);
  await new Promise((resolve) => setTimeout(resolve, 5));
}

const texts = (chatId: number) => core.emulator.sent(chatId).map((m) => m.text);

beforeAll(async () => {
  core = await createDeliveryCore('delivery');
});
afterAll(() => core.close());

describe('delivery service (real Redis, emulator)', () => {
  it('sends one alert with every new article on the chat topics, and never the same article again', async () => {
    await subscriber(11, ['china']);
    await publish(article('Beijing hosts summit', ['china']));
    await publish(article('Almaty marathon', ['kazakhstan']));
    await publish(article('Xi and Tokayev talk trade', ['kazakhstan', 'china']));
    const upTo = (await core.articles.now()) + 1000;
    expect(await core.delivery.deliver(11, 'alert', upTo, 'job-1')).toMatchObject({ status: 'sent', messages: 1, articles: 2 });
    expect(texts(11)).toHaveLength(1);
    expect(texts(11)[0]).toContain('Beijing hosts summit');
    expect(texts(11)[0]).toContain('Xi and Tokayev talk trade');
    expect(texts(11)[0]).not.toContain('Almaty');
    // The same job again, and a later one: nothing new, nothing sent.
    expect((await core.delivery.deliver(11, 'alert', upTo, 'job-1')).status).toBe('nothing-new');
    expect((await core.delivery.deliver(11, 'alert', upTo + 5000, 'job-2')).status).toBe('nothing-new');
    expect(texts(11)).toHaveLength(1);
  });

  it('in one batch, chats alike share a reading yet each gets only its own topics and only what it has not had', async () => {
    for (const id of [21, 22, 23]) await subscriber(id, ['china']);
    await subscriber(24, ['kazakhstan']);
    await publish(article('Ningbo shipyard launch', ['china']));
    // Chat 23 already had the first story: its watermark differs from 21's and 22's.
    expect((await core.delivery.deliver(23, 'alert', (await core.articles.now()) + 1000, 'early')).status).toBe('sent');
    await publish(article('Karaganda steel output', ['kazakhstan']));
    await publish(article('Chengdu panda loan', ['china']));
    const upTo = (await core.articles.now()) + 1000;
    const result = await core.delivery.deliverBatch({ kind: 'alert', upTo, chatIds: [21, 22, 23, 24] }, 'batch-1');
    expect(result).toMatchObject({ outcomes: { sent: 4 }, busy: [], failed: [] });
    for (const id of [21, 22]) {
      expect(texts(id)).toHaveLength(1);
      expect(texts(id)[0]).toContain('Ningbo shipyard launch');
      expect(texts(id)[0]).toContain('Chengdu panda loan');
      expect(texts(id)[0]).not.toContain('Karaganda');
    }
    expect(texts(23)).toHaveLength(2);
    expect(texts(23)[1]).toContain('Chengdu panda loan');
    expect(texts(23)[1]).not.toContain('Ningbo shipyard launch');
    expect(texts(24)).toHaveLength(1);
    expect(texts(24)[0]).toContain('Karaganda steel output');
    expect(texts(24)[0]).not.toContain('Chengdu');
  });

  it('in one batch, chats that subscribed at different times each get what came after their own subscription', async () => {
    await subscriber(25, ['china']);
    await subscriber(27, ['china']);
    await publish(article('Harbin ice festival opens', ['china']));
    await subscriber(26, ['china']);
    await subscriber(28, ['china']);
    await publish(article('Xiamen ferry line resumes', ['china']));
    const upTo = (await core.articles.now()) + 1000;
    // Later subscribers first in one batch, earlier ones first in the other: the window is cut either way.
    expect(await core.delivery.deliverBatch({ kind: 'alert', upTo, chatIds: [26, 25] }, 'batch-late-first')).toMatchObject({ outcomes: { sent: 2 } });
    expect(await core.delivery.deliverBatch({ kind: 'alert', upTo, chatIds: [27, 28] }, 'batch-early-first')).toMatchObject({ outcomes: { sent: 2 } });
    for (const early of [25, 27]) {
      expect(texts(early)).toHaveLength(1);
      expect(texts(early)[0]).toContain('Harbin ice festival opens');
      expect(texts(early)[0]).toContain('Xiamen ferry line resumes');
    }
    for (const late of [26, 28]) {
      expect(texts(late)).toHaveLength(1);
      expect(texts(late)[0]).toContain('Xiamen ferry line resumes');
      expect(texts(late)[0]).not.toContain('Harbin');
    }
  });

  it('first digest looks back a day; the next repeats none', async () => {
    await subscriber(12, ['kazakhstan'], 'digest');
    await publish(article('Astana opens new airport terminal', ['kazakhstan']));
    let upTo = (await core.articles.now()) + 1;
    const first = await core.delivery.deliver(12, 'digest', upTo, 'd1');
    expect(first.status).toBe('sent');
    expect(texts(12)[0]).toMatch(/Your Silkwire digest[\s\S]*KAZAKHSTAN[\s\S]*Astana opens new airport terminal[\s\S]*Almaty marathon/);
    await new Promise((r) => setTimeout(r, 5));
    await publish(article('Caspian pipeline expands', ['kazakhstan']));
    upTo = (await core.articles.now()) + 1;
    await core.delivery.deliver(12, 'digest', upTo, 'd2');
    expect(texts(12)).toHaveLength(2);
    expect(texts(12)[1]).toContain('Caspian pipeline expands');
    expect(texts(12)[1]).not.toContain('Astana opens');
  });

  it('a chat in digest mode gets no alert, and a paused chat gets nothing', async () => {
    await subscriber(13, ['china'], 'digest');
    expect((await core.delivery.deliver(13, 'alert', Date.now() + 1000, 'a')).status).toBe('not-receiving');
    await core.chats.setSchedule(13, { mode: 'off' });
    expect((await core.delivery.deliver(13, 'digest', Date.now() + 1000, 'b')).status).toBe('not-receiving');
    expect(texts(13)).toHaveLength(0);
  });

  it('suspends a chat that blocked the bot at the first refusal, and sends it nothing more', async () => {
    await subscriber(14, ['china']);
    await publish(article('Shanghai port record', ['china']));
    core.emulator.setUserDeactivated(14);
    const outcome = await core.delivery.deliver(14, 'alert', (await core.articles.now()) + 1, 'x');
    expect(outcome).toEqual({ status: 'suspended', reason: 'deactivated' });
    expect((await core.chatStore.get(14))?.status).toBe('suspended');
    await publish(article('Shenzhen chip fair', ['china']));
    expect((await core.delivery.deliver(14, 'alert', (await core.articles.now()) + 1, 'y')).status).toBe('not-receiving');
    expect(core.emulator.calls('sendMessage').filter((c) => (c.params as { chat_id?: unknown }).chat_id === 14)).toHaveLength(1);
    expect(await core.chatStore.countByTopic()).toMatchObject({ china: expect.any(Number) });
  });

  it('moves a migrated group to its supergroup id and delivers there', async () => {
    await subscriber(-300, ['china']);
    core.emulator.migrateGroup(-300, -1000300);
    await publish(article('Wuhan bridge opens', ['china']));
    const outcome = await core.delivery.deliver(-300, 'alert', (await core.articles.now()) + 1, 'm');
    expect(outcome.status).toBe('sent');
    expect(texts(-1000300).join('\n')).toContain('Wuhan bridge opens');
    expect(await core.chatStore.get(-300)).toBeUndefined();
    expect(await core.chatStore.get(-1000300)).toMatchObject({ topics: ['china'], mode: 'instant', status: 'active' });
  });

  it('counts unexplained 403s as strikes and suspends at the third', async () => {
    await subscriber(15, ['china']);
    core.emulator.failNext('sendMessage', { code: 403, description: 'Forbidden: bot can not initiate conversation' }, 3);
    for (let i = 1; i <= 3; i++) {
      await publish(article(`Strike story ${i} in Beijing`, ['china']));
      const outcome = await core.delivery.deliver(15, 'alert', (await core.articles.now()) + 1, `s${i}`);
      expect(outcome).toEqual({ status: 'struck', strikes: i });
    }
    expect((await core.chatStore.get(15))?.status).toBe('suspended');
  });

  it('retries after a 429 without losing the message', async () => {
    await subscriber(16, ['china']);
    await publish(article('Guangzhou trade fair', ['china']));
    core.emulator.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const outcome = await core.delivery.deliver(16, 'alert', (await core.articles.now()) + 1, 'r');
    expect(outcome.status).toBe('sent');
    expect(texts(16).join('\n')).toContain('Guangzhou trade fair');
    expect(core.rateLimited()).toBe(1);
  });
});
