import { Telegram } from 'telegraf';
import { createRedisArticleStore } from '../../src/articles/article-store';
import { createChatService } from '../../src/chats/chat-service';
import { createRedisChatStore } from '../../src/chats/chat-store';
import { createRedisChatLock } from '../../src/delivery/chat-lock';
import { createDeliveryService } from '../../src/delivery/delivery-service';
import { createRedisRateLimiter } from '../../src/delivery/rate-limiter';
import { createBotApiEmulator, type BotApiEmulator } from '@silkwire/telegram-emulator';
import type { EmulatorOptions } from '@silkwire/telegram-emulator';
import { createLogger } from '../../src/observability/logger';
import { createSender } from '../../src/telegram/sender';
import { systemClock } from '../../src/time/clock';
import { openTestRedis } from './redis';

/** The delivery core wired on the real Redis and the emulator, in-process, for integration tests. */
export async function createDeliveryCore(label: string, emulatorOptions: EmulatorOptions = {}, perSecond = 30) {
  const test = openTestRedis(label);
  const emulator: BotApiEmulator = createBotApiEmulator(emulatorOptions);
  const { apiRoot } = await emulator.start();
  const logger = createLogger({ level: 'silent' });
  const { redis, keys } = test;
  const articles = createRedisArticleStore({ redis, keys, retentionMs: 14 * 86_400_000 });
  const chatStore = createRedisChatStore({ redis, keys });
  const limiter = createRedisRateLimiter({ redis, keys, perSecond });
  let rateLimited = 0;
  const sender = createSender({
    api: new Telegram(emulator.token, { apiRoot }),
    logger,
    limiter,
    events: { rateLimited: () => void rateLimited++ },
  });
  const delivery = createDeliveryService({
    chats: chatStore,
    articles,
    sender,
    lock: createRedisChatLock({ redis, keys }),
    clock: systemClock,
    storeNow: () => articles.now(),
    logger,
  });
  const chats = createChatService({ chats: chatStore, clock: systemClock, defaultTimes: ['08:00'] });
  return {
    ...test,
    emulator,
    articles,
    chatStore,
    chats,
    limiter,
    sender,
    delivery,
    rateLimited: () => rateLimited,
    async close() {
      await emulator.stop();
      await test.cleanup();
    },
  };
}
