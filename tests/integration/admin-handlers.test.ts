import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Telegraf, Telegram } from 'telegraf';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerAdminHandlers } from '../../handlers/admin';
import { createAdminService } from '../../src/admin/admin-service';
import { createRedisArticleStore } from '../../src/articles/article-store';
import { createRedisChatStore } from '../../src/chats/chat-store';
import { createBotApiEmulator, type BotApiEmulator, type EmulatedMessage, type UserInput } from '@silkwire/telegram-emulator';
import { createFeedFetcher } from '../../src/feeds/fetcher';
import { parseOpml } from '../../src/feeds/opml';
import { createLogger } from '../../src/observability/logger';
import { createCombinedSourceCatalog, createRedisRuntimeSourceStore, runtimeSourcesKey } from '../../src/sources/runtime-source-store';
import { createOpmlSourceCatalog } from '../../src/sources/source-catalog';
import { sourceIdFor } from '../../src/sources/source';
import { createRedisSourceStateStore } from '../../src/sources/source-state-store';
import { createSender } from '../../src/telegram/sender';
import { opml, rss, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { deletePrefix, openTestRedis } from '../helpers/redis';

const OPERATOR: UserInput = { id: 42, first_name: 'Operator' };
const STRANGER: UserInput = { id: 7, first_name: 'Stranger' };
const OPML_URL = 'https://wire.example.com/kz.rss';

const test = openTestRedis('admin-bot');
const { redis, keys } = test;
const runtime = createRedisRuntimeSourceStore({ redis, keys });
const chats = createRedisChatStore({ redis, keys });
const clock = { now: () => Date.now() };
let emulator: BotApiEmulator;
let feeds: FeedServer;
let dir: string;
let bot: Telegraf;
let polling: Promise<void>;

/** A user writes in their private chat; resolves with the bot's replies once `count` have arrived. */
async function ask(from: UserInput, text: string, count = 1): Promise<EmulatedMessage[]> {
  const update = emulator.sendText({ chatId: from.id, text, from });
  const asked = update.message?.message_id ?? 0;
  const replies = () => emulator.sent(from.id).filter((message) => message.message_id > asked);
  await emulator.waitFor((message) => message.chat.id === from.id && message.message_id > asked && replies().length >= count);
  return replies();
}

beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.set('/astana.xml', rss('Astana & Steppe "Times"', [{ title: 'Kazakhstan opens a rail line to China', link: 'https://astana.example/1' }]));
  feeds.set('/page.html', '<html><body>hello</body></html>', 'text/html');
  dir = mkdtempSync(join(tmpdir(), 'silkwire-admin-bot-'));
  const opmlFile = join(dir, 'sources.opml');
  writeFileSync(opmlFile, opml([{ name: 'Bundled Wire', url: OPML_URL }]));

  emulator = createBotApiEmulator();
  const { apiRoot } = await emulator.start();
  const logger = createLogger({ level: 'silent' });
  const sender = createSender({ api: new Telegram(emulator.token, { apiRoot }), logger });
  const admin = createAdminService({
    adminIds: [OPERATOR.id],
    redis,
    keys,
    chats,
    articles: createRedisArticleStore({ redis, keys, retentionMs: 14 * 86_400_000 }),
    sources: createCombinedSourceCatalog(createOpmlSourceCatalog(opmlFile), runtime),
    sourceStates: createRedisSourceStateStore({ redis, keys }),
    fetcher: createFeedFetcher({ timeoutMs: 5000, maxBytes: 1024 * 1024, allowPrivate: true }),
    clock,
    allowPrivate: true,
    queueCounts: async () => ({ ingest: { waiting: 4, active: 1, delayed: 0, failed: 2 } }),
  });
  bot = new Telegraf(emulator.token, { telegram: { apiRoot } });
  registerAdminHandlers(bot, { admin, sender, logger, clock });
  // NOTE: in telegraf 4.16 launch() resolves only when polling stops.
  polling = bot.launch();
  await emulator.waitForPolling();
});

afterAll(async () => {
  bot.stop('test over');
  await polling;
  await emulator.stop();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
  await test.cleanup();
});

beforeEach(() => deletePrefix(redis, test.prefix));
afterEach(() => {
  expect(emulator.calls().filter((call) => call.status >= 500)).toEqual([]);
});

describe('admin commands against the emulator', () => {
  it('refuses every admin command to anyone not in ADMIN_IDS, and changes nothing', async () => {
    const before = emulator.sent(STRANGER.id).length;
    const url = feeds.url('/astana.xml');
    await runtime.add({ id: 'src-keep', name: 'Keep me', url: 'https://keep.example/rss', addedAt: 1 });
    for (const command of ['/stats', '/sources', `/addsource ${url}`, '/removesource https://keep.example/rss', '/exportsources']) {
      const [reply, ...more] = await ask(STRANGER, command);
      expect(reply?.text).toBe("This command is for the bot's operators only.");
      expect(more).toEqual([]);
    }
    expect(emulator.sent(STRANGER.id)).toHaveLength(before + 5);
    expect(feeds.requests('/astana.xml')).toBe(0);
    expect(await redis.hgetall(runtimeSourcesKey(keys))).toEqual({ 'src-keep': expect.stringContaining('Keep me') as string });
    expect(emulator.calls('sendDocument')).toEqual([]);
  });

  it('lets an operator add, list and remove a source, with clear refusals', async () => {
    const url = feeds.url('/astana.xml');
    let [reply] = await ask(OPERATOR, `/addsource ${url}`);
    expect(reply?.text).toBe(`✅ Added Astana & Steppe "Times"\n${url} · ${sourceIdFor(url)}\nRSS feed with 1 item, 1 on topic. It is read from the next poll on.`);
    expect(reply?.entities).toContainEqual({ type: 'bold', offset: 8, length: 'Astana & Steppe "Times"'.length });

    [reply] = await ask(OPERATOR, `/addsource ${url}`);
    expect(reply?.text).toBe(`⚠️ ${url} is already a source ("Astana & Steppe "Times"").`);

    [reply] = await ask(OPERATOR, `/addsource ${feeds.url('/page.html')}`);
    expect(reply?.text).toBe(`⚠️ ${feeds.url('/page.html')} could not be read as a feed: the document is not an RSS, Atom, RDF or JSON feed`);

    [reply] = await ask(OPERATOR, '/addsource');
    expect(reply?.text).toBe('Usage: /addsource <feed URL>');

    [reply] = await ask(OPERATOR, '/sources');
    expect(reply?.text).toContain('Sources: 2 total, 0 failing');
    expect(reply?.text).toContain(`⏳ Bundled Wire (opml)\n${OPML_URL} · ${sourceIdFor(OPML_URL)}\nnot fetched yet`);
    expect(reply?.text).toContain(`⏳ Astana & Steppe "Times" (runtime)\n${url}`);

    [reply] = await ask(OPERATOR, `/removesource ${OPML_URL}`);
    expect(reply?.text).toBe('⚠️ "Bundled Wire" is listed in the OPML source file, which the bot does not edit; remove it from that file and it is dropped at the next poll.');

    [reply] = await ask(OPERATOR, `/removesource ${url}`);
    expect(reply?.text).toBe(`🗑 Removed Astana & Steppe "Times"\n${url}`);
    expect(await redis.hlen(runtimeSourcesKey(keys))).toBe(0);

    [reply] = await ask(OPERATOR, `/removesource ${url}`);
    expect(reply?.text).toBe(`⚠️ No source has the URL or id ${url}.`);
  });

  it('shows the operator the stats as stored', async () => {
    const defaults = { type: 'private' as const, topics: ['china' as const], mode: 'digest' as const, times: ['08:00'], zone: 'UTC', language: 'en' as const };
    await chats.ensure(100, defaults, Date.now());
    await chats.ensure(101, defaults, Date.now());
    await chats.update(101, (chat) => ({ ...chat, status: 'suspended' }), Date.now());
    const [reply] = await ask(OPERATOR, '/stats');
    expect(reply?.text).toContain('Chats: 2 total, 1 active, 1 suspended\nSubscribed: kazakhstan 0, china 1');
    expect(reply?.text).toContain('kazakhstan: 0 / 0\nchina: 0 / 0\nany: 0 / 0');
    expect(reply?.text).toContain('Queues (waiting / active / delayed / failed)\ningest: 4 / 1 / 0 / 2');
    expect(reply?.text).toContain('Sources: 1 total, 0 failing');
  });

  it('exports the sources: sendDocument first, and <pre> messages under the limit when the emulator refuses it', async () => {
    for (let i = 0; i < 60; i++) {
      const url = `https://feeds-${i}.example.com/rss?lang=en&format=xml`;
      await runtime.add({ id: sourceIdFor(url), name: `Feed <${i}> & friends with a rather long name to fill the message`, url, addedAt: i });
    }
    const replies = await ask(OPERATOR, '/exportsources', 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const all = emulator.sent(OPERATOR.id).filter((message) => message.message_id >= replies[0]!.message_id);
    const document = emulator.calls('sendDocument').at(-1);
    expect(document).toMatchObject({ status: 400, description: 'Bad Request: method sendDocument is not emulated' });
    expect(document?.params.document).toMatchObject({ filename: 'silkwire-sources.opml' });
    expect(all.length).toBeGreaterThan(1);
    for (const message of all) {
      expect(message.raw_text.length).toBeLessThanOrEqual(4096);
      expect(message.entities.some((entity) => entity.type === 'pre')).toBe(true);
    }
    expect(all[0]?.text.startsWith('sources.opml\n<?xml')).toBe(true);
    const text = all.map((message) => message.text).join('\n').replace(/^sources\.opml\n/, '');
    const sources = parseOpml(text);
    expect(sources).toHaveLength(61);
    expect(sources[0]).toMatchObject({ name: 'Bundled Wire', url: OPML_URL });
    expect(sources[60]).toMatchObject({ name: 'Feed <59> & friends with a rather long name to fill the message', url: 'https://feeds-59.example.com/rss?lang=en&format=xml' });
  });
});
