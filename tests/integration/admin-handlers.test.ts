import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Telegraf } from 'telegraf';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminComposer } from '../../handlers/admin';
import type { BotApiEmulator, EmulatedMessage, UserInput } from '@silkwire/telegram-emulator';
import type { Redis } from 'ioredis';
import type { ChatStore } from '../../src/chats/chat-store';
import type { Keys } from '../../src/storage/keys';
import { createRedisRuntimeSourceStore, runtimeSourcesKey, type RuntimeSourceStore } from '../../src/sources/runtime-source-store';
import { parseOpml } from '../../src/sources/opml';
import { sourceIdFor } from '../../src/sources/source';
import type { Sender } from '../../src/telegram/sender';
import { BadRequestError } from '../../src/telegram/send-errors';
import { opml, rss, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { createTestCore, type TestCore } from '../helpers/core';
import { deletePrefix } from '../helpers/redis';

const OPERATOR: UserInput = { id: 42, first_name: 'Operator' };
const STRANGER: UserInput = { id: 7, first_name: 'Stranger' };
const OPML_URL = 'https://wire.example.com/kz.rss';

let test: TestCore;
let redis: Redis;
let keys: Keys;
let runtime: RuntimeSourceStore;
let chats: ChatStore;
let emulator: BotApiEmulator;
let feeds: FeedServer;
let dir: string;
let bot: Telegraf;
let polling: Promise<void>;
let refuseDocuments = false;

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

  test = await createTestCore('admin-bot', {
    env: { ADMIN_IDS: String(OPERATOR.id), ALLOW_PRIVATE_SOURCES: '1', FEEDS_FILE: opmlFile },
    core: { queueCounts: async () => ({ ingest: { waiting: 4, active: 1, delayed: 0, failed: 2 } }) },
  });
  ({ redis, keys, emulator } = test);
  runtime = createRedisRuntimeSourceStore({ redis, keys });
  chats = test.core.chatStore;
  const apiRoot = test.core.config.telegram.apiRoot;
  bot = new Telegraf(emulator.token, { telegram: { apiRoot } });
  // Telegram refusing a document is made to happen on demand; everything else goes to the emulator.
  const real = test.core.sender;
  const sender: Sender = {
    ...real,
    call: (method, payload) => (method === 'sendDocument' && refuseDocuments ? Promise.reject(new BadRequestError('Bad Request: file is too big')) : real.call(method, payload)),
  };
  bot.use(adminComposer({ ...test.core, sender }));
  // NOTE: in telegraf 4.16 launch() resolves only when polling stops.
  polling = bot.launch();
  await emulator.waitForPolling();
});

afterAll(async () => {
  bot.stop('test over');
  await polling;
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
  await test.close();
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

  it('exports the sources as an OPML document with a caption', async () => {
    for (let i = 0; i < 60; i++) {
      const url = `https://feeds-${i}.example.com/rss?lang=en&format=xml`;
      await runtime.add({ id: sourceIdFor(url), name: `Feed <${i}> & friends with a rather long name to fill the message`, url, addedAt: i });
    }
    const [reply] = await ask(OPERATOR, '/exportsources');
    expect(reply?.document).toMatchObject({ file_name: 'silkwire-sources.opml', source: 'upload' });
    expect(reply?.text).toBe('Silkwire sources (OPML 2.0): import into a feed reader or use as FEEDS_FILE.');
    expect(emulator.calls('sendDocument').map((call) => call.status)).toEqual([200]);
    const sources = parseOpml(Buffer.from(reply?.document?.data ?? []).toString('utf8'));
    expect(sources).toHaveLength(61);
    expect(sources[0]).toMatchObject({ name: 'Bundled Wire', url: OPML_URL });
    expect(sources[60]).toMatchObject({ name: 'Feed <59> & friends with a rather long name to fill the message', url: 'https://feeds-59.example.com/rss?lang=en&format=xml' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(emulator.sent(OPERATOR.id).filter((message) => message.message_id > reply!.message_id)).toEqual([]);
  });

  it('tells the operator when Telegram does not take the sources file', async () => {
    refuseDocuments = true;
    try {
      const [reply, ...more] = await ask(OPERATOR, '/exportsources');
      expect(reply?.text).toBe('⚠️ Telegram did not accept the sources file, so nothing was exported. The reason is in the bot log; please try again later.');
      expect(more).toEqual([]);
    } finally {
      refuseDocuments = false;
    }
  });
});
