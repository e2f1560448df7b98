import { Telegraf, Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { createBotApiEmulator, type BotApiEmulator, type EmulatedMessage, type UserInput } from '@silkwire/telegram-emulator';
import { registerHandlers } from '../../handlers';
import { createAdminService } from '../../src/admin/admin-service';
import { createRedisArticleStore, type ArticleStore } from '../../src/articles/article-store';
import { createPermissions } from '../../src/bot/permissions';
import { createChatService } from '../../src/chats/chat-service';
import { createRedisChatStore, type ChatStore } from '../../src/chats/chat-store';
import { createFeedFetcher } from '../../src/feeds/fetcher';
import { createLogger } from '../../src/observability/logger';
import { createCombinedSourceCatalog, createRedisRuntimeSourceStore, type RuntimeSourceStore } from '../../src/sources/runtime-source-store';
import { createRedisSourceStateStore, type SourceStateStore } from '../../src/sources/source-state-store';
import { createSender } from '../../src/telegram/sender';
import { systemClock } from '../../src/time/clock';
import { openTestRedis, type TestRedis } from './redis';

/** The real handlers on a Telegraf bot that talks to the Bot API emulator; updates are handed in one at a time. */
export interface HandlerBot {
  emulator: BotApiEmulator;
  bot: Telegraf;
  chats: ChatStore;
  articles: ArticleStore;
  test: TestRedis;
  /** Sources added at run time, and what the bot knows of each source's fetches. */
  runtimeSources: RuntimeSourceStore;
  sourceStates: SourceStateStore;
  /** Errors the bot's error boundary logged. */
  errors: unknown[];
  /** A user writes `text` in a chat (created in the emulator on first use); resolves with the bot's new messages there. */
  say(chatId: number, text: string, from: UserInput, chatType?: 'private' | 'group' | 'supergroup'): Promise<EmulatedMessage[]>;
  /** Hands a crafted update to the handlers. */
  handle(update: Update): Promise<void>;
  close(): Promise<void>;
}

/** Starts an emulator and wires registerHandlers to it the way the app does, on its own Redis prefix. */
export async function createHandlerBot(label: string, options: { adminIds?: number[] } = {}): Promise<HandlerBot> {
  const test = openTestRedis(label);
  const chats = createRedisChatStore({ redis: test.redis, keys: test.keys });
  const emulator = createBotApiEmulator();
  const { apiRoot } = await emulator.start();
  const errors: unknown[] = [];
  const logger = createLogger({ level: 'silent' });
  const errorLogger = new Proxy(logger, {
    get(target, property, receiver) {
      if (property === 'error') return (object: { err?: unknown }, ...rest: unknown[]) => (errors.push(object?.err ?? rest[0]), undefined);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  const sender = createSender({ api: new Telegram(emulator.token, { apiRoot }), logger, maxAttempts: 1 });
  const runtimeSources = createRedisRuntimeSourceStore({ redis: test.redis, keys: test.keys });
  const sourceStates = createRedisSourceStateStore({ redis: test.redis, keys: test.keys });
  const articles = createRedisArticleStore({ redis: test.redis, keys: test.keys, retentionMs: 86_400_000 });
  const admin = createAdminService({
    adminIds: options.adminIds ?? [],
    redis: test.redis,
    keys: test.keys,
    chats,
    articles,
    sources: createCombinedSourceCatalog({ list: async () => [] }, runtimeSources),
    sourceStates,
    fetcher: createFeedFetcher({ timeoutMs: 1000, maxBytes: 1024 }),
    clock: systemClock,
    allowPrivate: false,
  });
  const bot = new Telegraf(emulator.token, { telegram: { apiRoot } });
  bot.botInfo = { id: emulator.bot.id, is_bot: true, first_name: 'Silkwire', username: emulator.bot.username ?? 'silkwire_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } as never;
  registerHandlers(bot, {
    articles,
    chats: createChatService({ chats, clock: systemClock, defaultTimes: ['08:00'] }),
    permissions: createPermissions({ sender }),
    sender,
    clock: systemClock,
    logger: errorLogger,
    admin,
  });
  const handle = (update: Update) => bot.handleUpdate(update);
  return {
    emulator,
    bot,
    chats,
    articles,
    test,
    runtimeSources,
    sourceStates,
    errors,
    handle,
    async say(chatId, text, from, chatType) {
      const before = new Set(emulator.sent(chatId).map((message) => message.message_id));
      await handle(emulator.sendText({ chatId, text, from, chatType }) as Update);
      return emulator.sent(chatId).filter((message) => !before.has(message.message_id));
    },
    async close() {
      await emulator.stop();
      await test.cleanup();
    },
  };
}
