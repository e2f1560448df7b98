import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createBotApiEmulator, type BotApiEmulator, type EmulatedMessage } from '@silkwire/telegram-emulator';
import type { EmulatorOptions } from '@silkwire/telegram-emulator';
import { opml, startFeedServer, type FeedServer } from './feed-server';
import { spawnScript, type RunningProcess } from './process';
import { deletePrefix, TEST_REDIS_URL, uniquePrefix } from './redis';

/** An end-to-end test world: the Bot API emulator, a feed server, a Redis prefix, and Silkwire processes. */
export interface World {
  emulator: BotApiEmulator;
  feeds: FeedServer;
  redis: Redis;
  prefix: string;
  feedsFile: string;
  env: Record<string, string>;
  /** Starts `npm start` (or --bot / --worker) as a child process against the world. */
  spawn(args?: string[], extraEnv?: Record<string, string>): RunningProcess;
  /** Writes the OPML list of sources. */
  setSources(sources: Array<{ name: string; url: string; language?: string; kind?: 'file' }>): void;
  /** A user writes in a chat; resolves with the bot's next message there. */
  ask(chatId: number, text: string, from?: { id: number; first_name: string; language_code?: string }, chatType?: 'private' | 'group' | 'supergroup'): Promise<EmulatedMessage>;
  close(): Promise<void>;
}

/** Builds a world; call close() in afterAll. */
export async function createWorld(label: string, emulatorOptions: EmulatorOptions = {}): Promise<World> {
  const emulator = createBotApiEmulator(emulatorOptions);
  const { apiRoot } = await emulator.start();
  const feeds = await startFeedServer();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = uniquePrefix(label);
  const dir = mkdtempSync(join(tmpdir(), `silkwire-${label}-`));
  const feedsFile = join(dir, 'sources.opml');
  writeFileSync(feedsFile, opml([]));
  const processes: RunningProcess[] = [];
  const env = {
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: apiRoot,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    FEEDS_FILE: feedsFile,
    FEED_POLL_SECONDS: '1',
    LOG_LEVEL: 'info',
    // The feed server is on loopback, which the fetcher refuses unless private addresses are allowed.
    ALLOW_PRIVATE_SOURCES: '1',
  };
  return {
    emulator,
    feeds,
    redis,
    prefix,
    feedsFile,
    env,
    spawn(args = [], extraEnv = {}) {
      const proc = spawnScript('app/main.ts', args, { ...env, ...extraEnv });
      processes.push(proc);
      return proc;
    },
    setSources(sources) {
      writeFileSync(feedsFile, opml(sources));
    },
    async ask(chatId, text, from, chatType) {
      const update = emulator.sendText({ chatId, text, ...(from ? { from } : {}), ...(chatType ? { chatType } : {}) });
      const asked = update.message?.message_id ?? 0;
      return emulator.waitFor((message) => message.chat.id === chatId && message.outgoing && message.message_id > asked, 15_000);
    },
    async close() {
      await Promise.all(processes.map((proc) => proc.stop()));
      await emulator.stop();
      await feeds.close();
      await deletePrefix(redis, prefix);
      // A process's last commands (BullMQ's stalled-check marker) can reach Redis just after it exits: sweep again.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await deletePrefix(redis, prefix);
      await redis.quit();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
