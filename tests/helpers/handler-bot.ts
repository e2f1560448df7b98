import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { BotApiEmulator, EmulatedMessage, UserInput } from '@silkwire/telegram-emulator';
import { registerHandlers } from '../../handlers';
import type { ArticleStore } from '../../src/articles/article-store';
import type { ChatStore } from '../../src/chats/chat-store';
import { createLogger } from '../../src/observability/logger';
import type { StoryStore } from '../../src/stories/story-store';
import { createRedisRuntimeSourceStore, type RuntimeSourceStore } from '../../src/sources/runtime-source-store';
import type { SourceStateStore } from '../../src/sources/source-state-store';
import { createTestCore } from './core';
import type { TestRedis } from './redis';

/** The real handlers on a Telegraf bot that talks to the Bot API emulator; updates are handed in one at a time. */
export interface HandlerBot {
  emulator: BotApiEmulator;
  bot: Telegraf;
  chats: ChatStore;
  articles: ArticleStore;
  /** Assigns stored articles to stories, as ingest does. */
  stories: StoryStore;
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
  const errors: unknown[] = [];
  const logger = createLogger({ level: 'silent' });
  const errorLogger = new Proxy(logger, {
    get(target, property, receiver) {
      if (property === 'error') return (object: { err?: unknown }, ...rest: unknown[]) => (errors.push(object?.err ?? rest[0]), undefined);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  // NOTE: no pacing here: the tests send hundreds of replies to a few chats, and pacing is the limiter's own tests' job.
  const tc = await createTestCore(label, {
    env: options.adminIds?.length ? { ADMIN_IDS: options.adminIds.join(',') } : {},
    core: { logger: errorLogger, sendAttempts: 1, limiter: { acquire: async () => undefined, pauseAll: async () => undefined } },
  });
  const { emulator, core } = tc;
  const bot = new Telegraf(emulator.token, { telegram: { apiRoot: core.config.telegram.apiRoot } });
  bot.botInfo = { id: emulator.bot.id, is_bot: true, first_name: 'Silkwire', username: emulator.bot.username ?? 'silkwire_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } as never;
  registerHandlers(bot, core);
  const handle = (update: Update) => bot.handleUpdate(update);
  return {
    emulator,
    bot,
    chats: core.chatStore,
    articles: core.articles,
    stories: core.stories,
    test: tc,
    runtimeSources: createRedisRuntimeSourceStore({ redis: tc.redis, keys: tc.keys }),
    sourceStates: core.sourceStates,
    errors,
    handle,
    async say(chatId, text, from, chatType) {
      const before = new Set(emulator.sent(chatId).map((message) => message.message_id));
      await handle(emulator.sendText({ chatId, text, from, chatType }) as Update);
      return emulator.sent(chatId).filter((message) => !before.has(message.message_id));
    },
    close: () => tc.close(),
  };
}
