import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article';
import { createDeliveryService } from '../../src/delivery/delivery-service';
import { planDueDigests } from '../../src/delivery/planners';
import { createRedisChatLock } from '../../src/storage/locks';
import { asBroadcastSender } from '../../src/telegram/sender';
import type { DeliveryBatch } from '../../src/jobs-contract';
import { createTestCore, type TestCore } from '../helpers/core';

let tc: TestCore;
/** The core's clock runs this far ahead of the wall clock (quiet hours are checked against it). */
let offsetMs = 0;
let n = 0;
const HOUR = 3_600_000;

function article(over: Partial<Article> & Pick<Article, 'title'>): Article {
  n += 1;
  return { sourceId: `src-${n}`, sourceName: 'Test Wire', guid: `g${n}`, url: `https://wire.example/${n}`, description: '', publishedAt: Date.now() - 60_000, language: 'en', topics: ['kazakhstan'], ...over };
}

/** Stores an article and assigns its story, as ingest does, then lets the store's clock move on. */
async function publish(a: Article): Promise<string> {
  const saved = await tc.core.articles.save(a);
  if (saved.created) await tc.core.stories.assign({ ...a, id: saved.id }, a.publishedAt ?? Date.now());
  await new Promise((resolve) => setTimeout(resolve, 5));
  return saved.id;
}

async function subscriber(id: number, mode: 'instant' | 'digest', language: 'en' | 'ru' | 'kk' | 'zh' | 'id' = 'en', topics: Article['topics'] = ['kazakhstan', 'china']) {
  tc.emulator.addChat({ id, type: 'private', first_name: `U${id}` });
  await tc.core.chats.ensure({ id, type: 'private' }, language);
  await tc.core.chats.subscribe(id, topics);
  await tc.core.chats.setSchedule(id, mode === 'instant' ? { mode } : { mode, times: ['08:00'] });
  await new Promise((r) => setTimeout(r, 3));
}

/** What each chat was sent, as the bot wrote it (HTML, so links show). */
const texts = (chatId: number) => tc.emulator.sent(chatId).map((m) => m.raw_text);
const upTo = async () => (await tc.core.articles.now()) + 1;

const wheat = {
  en: { title: 'Kazakhstan to ship 500,000 tonnes of wheat to China by rail', description: 'Kazakhstan will export 500,000 tonnes of wheat to China through Khorgos this year, the agriculture ministry said. Trains leave weekly.' },
  ru: { title: 'Казахстан поставит в Китай 500 тысяч тонн пшеницы', description: 'Казахстан экспортирует 500 тысяч тонн пшеницы в Китай через Хоргос, сообщило министерство сельского хозяйства.' },
  zh: { title: '哈萨克斯坦将向中国出口50万吨小麦', description: '哈萨克斯坦农业部表示，今年将经霍尔果斯向中国出口50万吨小麦。' },
};

beforeAll(async () => {
  tc = await createTestCore('stories', { core: { clock: { now: () => Date.now() + offsetMs } } });
});
afterAll(() => tc.close());

describe('stories in deliveries (real Redis, emulator)', () => {
  it('sends a story once with its sources, and later only one "update: N more sources" line in the next digest', async () => {
    await subscriber(101, 'digest');
    await publish(article({ ...wheat.en, sourceName: 'Kazinform', language: 'en', topics: ['kazakhstan', 'china'] }));
    await publish(article({ ...wheat.ru, sourceName: 'Tengrinews', language: 'ru' }));
    expect(await tc.core.delivery.deliver(101, 'digest', await upTo(), 'd1')).toMatchObject({ status: 'sent', messages: 1 });
    const [first] = texts(101);
    expect(first).toContain('Kazakhstan to ship 500,000 tonnes of wheat to China by rail');
    expect(first).toContain('Kazakhstan will export 500,000 tonnes of wheat to China through Khorgos this year, the agriculture ministry said.');
    expect(first).toMatch(/<a href="https:\/\/wire\.example\/\d+">(Kazinform|Tengrinews)<\/a>, <a href="https:\/\/wire\.example\/\d+">(Kazinform|Tengrinews)<\/a> · 2 languages/);
    expect(first!.match(/500,000 tonnes of wheat to China by rail/g)).toHaveLength(1);
    expect(first).not.toContain('Казахстан поставит');

    // Two more outlets report it: it is not sent again as new, only as one update line.
    await publish(article({ ...wheat.zh, sourceName: 'Xinhua', language: 'zh', topics: ['china'] }));
    await publish(article({ ...wheat.en, title: 'Kazakh wheat: 500,000 tonnes to go to China via Khorgos', sourceName: 'Astana Times' }));
    await publish(article({ title: 'Astana hosts the Asian chess championship', description: 'The championship opened in Astana on Tuesday with 200 players.' }));
    await tc.core.delivery.deliver(101, 'digest', await upTo(), 'd2');
    const second = texts(101)[1]!;
    expect(second).toContain('Astana hosts the Asian chess championship');
    expect(second).toContain('<b>Updates</b>\n↻ <a href="https://wire.example/');
    expect(second).toMatch(/wheat[^\n]*— update: 2 more sources/);
    expect(second).not.toContain('Trains leave weekly');

    // Nothing more about it: the next digest carries nothing.
    expect((await tc.core.delivery.deliver(101, 'digest', await upTo(), 'd3')).status).toBe('nothing-new');
    expect(texts(101)).toHaveLength(2);
  });

  it('in one batch, each chat gets a story as new or as an update by its own records, whichever chat came before it', async () => {
    // One chat at a time, so that each chat's delivery opens after the one before it composed its message.
    const delivery = createDeliveryService({
      chats: tc.core.chatStore,
      articles: tc.core.articles,
      sender: asBroadcastSender(tc.core.sender),
      lock: createRedisChatLock({ redis: tc.core.redis, keys: tc.core.keys }),
      clock: tc.core.clock,
      storeNow: () => tc.core.articles.now(),
      logger: tc.core.logger,
      stories: tc.core.stories,
      storyReader: tc.core.storyReader,
      chatConcurrency: 1,
    });
    const pipeline = {
      en: { title: 'Kazakhstan and China agree to build a 1,200 km gas pipeline from Shymkent', description: 'Kazakhstan and China signed a deal in Astana to build a 1,200 km gas pipeline from Shymkent to Khorgos, the energy ministry said.' },
      ru: { title: 'Казахстан и Китай построят газопровод длиной 1200 км из Шымкента', description: 'Казахстан и Китай подписали в Астане соглашение о строительстве газопровода длиной 1200 км из Шымкента до Хоргоса.' },
    };
    await subscriber(121, 'digest', 'en', ['china']);
    await subscriber(122, 'digest');
    await subscriber(123, 'digest', 'en', ['kazakhstan']);
    await publish(article({ ...pipeline.en, sourceName: 'Energy Wire', topics: ['kazakhstan', 'china'] }));
    // Chat 122 had the pipeline story from one outlet.
    expect(await delivery.deliver(122, 'digest', await upTo(), 'p0')).toMatchObject({ status: 'sent', messages: 1 });
    expect(texts(122)[0]).toContain(pipeline.en.title);
    await publish(article({ ...pipeline.ru, sourceName: 'Kapital', language: 'ru', topics: ['kazakhstan', 'china'] }));
    await publish(article({ title: 'Shanghai port handles a record 50 million containers', description: 'The port of Shanghai handled 50 million containers this year.', topics: ['china'] }));
    await publish(article({ title: 'Aktau ferry line to Baku doubles its sailings', description: 'Ferries between Aktau and Baku will sail twice a week.', topics: ['kazakhstan'] }));

    const result = await delivery.deliverBatch({ kind: 'digest', upTo: await upTo(), chatIds: [121, 122, 123] }, 'p1');
    expect(result).toMatchObject({ outcomes: { sent: 3 }, busy: [], failed: [] });
    const [first] = texts(121);
    expect(first).toContain(pipeline.en.title);
    expect(first).toContain('Shanghai port handles a record 50 million containers');
    expect(first).not.toContain('Aktau ferry');
    // 122 was sent the story from one outlet: now only the update line, beside the stories new to it.
    const update = texts(122)[1]!;
    expect(update).toMatch(/pipeline[^\n]*— update: 1 more source/);
    expect(update).not.toContain('signed a deal in Astana');
    expect(update).toContain('Shanghai port handles a record 50 million containers');
    expect(update).toContain('Aktau ferry line to Baku doubles its sailings');
    // 123 never had it: the story comes whole, with its Kazakhstan news.
    const third = texts(123)[0]!;
    expect(third).toContain(pipeline.en.title);
    expect(third).toContain('signed a deal in Astana');
    expect(third).toContain('Aktau ferry line to Baku doubles its sailings');
    expect(third).not.toContain('Shanghai');
    for (const id of [121, 122, 123]) expect(texts(id).join('\n').match(/signed a deal in Astana/g)).toHaveLength(1);
  });

  it('shows the story title in the chat language where one exists', async () => {
    await subscriber(102, 'digest', 'ru');
    await tc.core.delivery.deliver(102, 'digest', await upTo(), 'r1');
    const [text] = texts(102);
    expect(text).toContain('Казахстан поставит в Китай 500 тысяч тонн пшеницы');
    expect(text).toMatch(/\+\d · 3 языка/);
  });

  it('never carries an article older than DIGEST_MAX_AGE_HOURS (48 h), and a first digest looks back one day', async () => {
    await publish(article({ title: 'Old news from Aktau port three days ago', publishedAt: Date.now() - 72 * HOUR }));
    await publish(article({ title: 'Undated item that is new to us', publishedAt: null }));
    await subscriber(103, 'digest');
    await tc.core.delivery.deliver(103, 'digest', await upTo(), 'm1');
    const [text] = texts(103);
    expect(text).toContain('Undated item that is new to us');
    expect(text).not.toContain('Old news from Aktau');
  });

  it('applies /filter include and exclude words to digests and alerts, and alerts say which words matched', async () => {
    await subscriber(104, 'instant');
    await tc.core.chats.setFilters(104, { include: ['пшеницы', 'oil'], exclude: ['football'] });
    await publish(article({ title: 'Oil output in Atyrau rises 5%', description: 'Tengiz oil production rose.' }));
    await publish(article({ title: 'Oil money funds football stadium in Shymkent' }));
    await publish(article({ title: 'Almaty opens new metro station' }));
    await publish(article({ title: 'Урожай пшеницы в Костанайской области рекордный', language: 'ru' }));
    expect(await tc.core.delivery.deliver(104, 'alert', await upTo(), 'f1')).toMatchObject({ status: 'sent', messages: 1 });
    const [alert] = texts(104);
    expect(alert).toContain('Oil output in Atyrau rises 5%');
    expect(alert).toContain('Why you got this: topic Kazakhstan; your words: oil');
    expect(alert).toContain('Урожай пшеницы в Костанайской области рекордный');
    expect(alert).not.toContain('football');
    expect(alert).not.toContain('metro');
  });

  it('holds instant alerts during quiet hours and sends them together, as one message, when the window ends', async () => {
    await subscriber(105, 'instant');
    const local = DateTime.fromMillis(Date.now(), { zone: 'UTC' });
    const from = local.minus({ hours: 1 }).toFormat('HH:mm');
    const to = local.plus({ hours: 1 }).toFormat('HH:mm');
    await tc.core.chats.setQuiet(105, { from, to });
    await publish(article({ title: 'Night news one: Baikonur launch', topics: ['kazakhstan'] }));
    expect((await tc.core.delivery.deliver(105, 'alert', await upTo(), 'q1')).status).toBe('held');
    await publish(article({ title: 'Night news two: Urumqi trade fair', topics: ['china'] }));
    expect((await tc.core.delivery.deliver(105, 'alert', await upTo(), 'q2')).status).toBe('held');
    expect(texts(105)).toHaveLength(0);

    // The end of the window is planned in the digest schedule.
    const end = DateTime.fromMillis(Date.now(), { zone: 'UTC' }).plus({ hours: 1 }).set({ second: 0, millisecond: 0 }).toMillis();
    const batches: DeliveryBatch[] = [];
    await planDueDigests({ chats: tc.core.chatStore, enqueue: async (b) => void batches.push(...b) }, end + 1000);
    const release = batches.find((b) => b.chatIds.includes(105));
    expect(release?.kind).toBe('digest');

    offsetMs = 2 * HOUR; // the window has ended
    try {
      expect(await tc.core.delivery.deliver(105, 'digest', await upTo(), release!.id)).toMatchObject({ status: 'sent', messages: 1 });
    } finally {
      offsetMs = 0;
    }
    expect(texts(105)).toHaveLength(1);
    expect(texts(105)[0]).toMatch(/^🔔 <b>News from your quiet hours<\/b>/);
    expect(texts(105)[0]).toContain('Baikonur launch');
    expect(texts(105)[0]).toContain('Urumqi trade fair');

    await tc.core.chats.setQuiet(105, undefined);
    expect((await tc.core.chatStore.dueDigests(Number.MAX_SAFE_INTEGER, 10_000)).some((d) => d.chatId === 105)).toBe(false);
  });
});
