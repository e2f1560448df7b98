import { fileURLToPath } from 'node:url';
import { createBotApiEmulator, type BotApiEmulator, type EmulatorOptions } from '@silkwire/telegram-emulator';
import { loadConfig } from '../../src/config/config';
import { createCore, type Core, type CoreOptions } from '../../src/core';
import { openTestRedis, type TestRedis } from './redis';

/** An OPML file that lists no source. */
export const EMPTY_OPML = fileURLToPath(new URL('../fixtures/opml/empty.opml', import.meta.url));

/** The wired core on the real Redis (own prefix) and an in-process emulator. */
export interface TestCore extends TestRedis {
  emulator: BotApiEmulator;
  core: Core;
  /** 429s the sender met so far. */
  rateLimited(): number;
  close(): Promise<void>;
}

/**
 * Builds the core exactly as the app does (createCore from a config), on the real Redis and the emulator:
 * `env` are settings as in the environment (e.g. ADMIN_IDS), `emulator` the emulator's options.
 */
export async function createTestCore(
  label: string,
  options: { env?: Record<string, string>; emulator?: EmulatorOptions; core?: CoreOptions } = {},
): Promise<TestCore> {
  const test = openTestRedis(label);
  const emulator = createBotApiEmulator(options.emulator ?? {});
  const { apiRoot } = await emulator.start();
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: apiRoot,
    REDIS_PREFIX: test.prefix,
    FEEDS_FILE: EMPTY_OPML,
    ...options.env,
  });
  let rateLimited = 0;
  const extra = options.core?.senderEvents ?? {};
  const core = createCore(config, test.redis, {
    ...options.core,
    senderEvents: {
      ...extra,
      rateLimited(ms) {
        rateLimited += 1;
        extra.rateLimited?.(ms);
      },
    },
  });
  return {
    ...test,
    emulator,
    core,
    rateLimited: () => rateLimited,
    async close() {
      await core.close();
      await emulator.stop();
      await test.cleanup();
    },
  };
}

/** The delivery core wired on the real Redis and the emulator, in-process, for integration tests. */
export async function createDeliveryCore(label: string, emulatorOptions: EmulatorOptions = {}, perSecond = 30) {
  const test = await createTestCore(label, { emulator: emulatorOptions, env: { TELEGRAM_RATE_LIMIT: String(perSecond) } });
  const { core } = test;
  return {
    ...test,
    articles: core.articles,
    chatStore: core.chatStore,
    chats: core.chats,
    limiter: core.limiter,
    sender: core.sender,
    delivery: core.delivery,
  };
}
