// /latest under load: 200 people send /latest at the same moment, round after round, through the bot's real path
// (update queue → telegraf → handlers → core) against the Bot API emulator. Measured bot-side: from the update being
// received to the sender being asked to send; the send itself (rate limiter, HTTP) is left out.
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { registerHandlers } from '../handlers';
import type { Article } from '../src/articles/article';
import { createPersonThrottle, createUpdateQueue, markSlowDown, type QueuedUpdate } from '../src/bot/update-queue';
import { loadConfig } from '../src/config/config';
import { createCore } from '../src/core';
import { createLogger } from '../src/observability/logger';
import { createBotApiEmulator } from '@silkwire/telegram-emulator';
import { benchPrefix, deletePrefix, fmt, openRedis, percentile, printTable, sleep, withTimeout, type BenchOutcome } from './lib';

const FIRST_CHAT = 8_000_000;
/** A chat may be sent one message per second: rounds are spaced so that no reply waits for its chat's slot. */
const ROUND_GAP_MS = 1200;
const TARGET_P99_MS = 30;

interface RoundResult {
  round: number;
  latencies: number[];
}

/** Runs the bench: --people=200 --rounds=5 (a first warm-up round is not counted). */
export async function runLatestLoad(options: Map<string, string>): Promise<BenchOutcome> {
  const people = Number(options.get('people') ?? 200);
  const rounds = Number(options.get('rounds') ?? 5);
  const redis = openRedis();
  const prefix = benchPrefix('latest');
  const emulator = createBotApiEmulator({ maxCallHistory: people * (rounds + 2) + 1000 });
  const { apiRoot } = await emulator.start(0, '127.0.0.1');
  const logger = createLogger({ level: 'warn' });
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: apiRoot, REDIS_PREFIX: prefix, TELEGRAM_RATE_LIMIT: '1000' });
  const core = createCore(config, redis, { logger });
  try {
    const now = Date.now();
    for (let i = 0; i < 40; i++) {
      const topic = i % 2 === 0 ? 'china' : 'kazakhstan';
      const article: Article = {
        sourceId: 'src-bench',
        sourceName: 'Bench Wire',
        guid: `latest-${prefix}-${i}`,
        title: `Story ${i} on ${topic}: talks in Beijing and Astana`,
        url: `https://wire.example/${prefix}/${i}`,
        description: 'A summary line of the kind feeds carry.',
        publishedAt: now - i * 60_000,
        language: 'en',
        topics: [topic],
      };
      await core.articles.save(article);
    }
    const bot = new Telegraf(emulator.token, { telegram: { apiRoot } });
    registerHandlers(bot, core);
    bot.botInfo = await bot.telegram.getMe();
    const queue = createUpdateQueue<QueuedUpdate>({
      handle: (update, verdict) => bot.handleUpdate((verdict === 'slow-down' ? markSlowDown(update) : update) as unknown as Update),
      logger,
      throttle: createPersonThrottle(),
    });
    // Stamp the moment the sender is asked to send, per chat.
    const receivedAt = new Map<number, number>();
    let current: number[] = [];
    const send = core.sender.send.bind(core.sender);
    core.sender.send = (chatId, html, sendOptions) => {
      const started = receivedAt.get(Number(chatId));
      if (started !== undefined) {
        current.push(performance.now() - started);
        receivedAt.delete(Number(chatId));
      }
      return send(chatId, html, sendOptions);
    };
    const ids = Array.from({ length: people }, (_, i) => FIRST_CHAT + i);
    for (const id of ids) emulator.addChat({ id, type: 'private', first_name: `P${id}` });
    let updateId = 1;
    const results: RoundResult[] = [];
    for (let round = 0; round <= rounds; round++) {
      current = [];
      const pushed: Array<Promise<void>> = [];
      for (const id of ids) {
        const update = {
          update_id: updateId++,
          message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id, type: 'private' }, from: { id, is_bot: false, first_name: `P${id}`, language_code: 'en' }, text: '/latest', entities: [{ type: 'bot_command', offset: 0, length: 7 }] },
        };
        receivedAt.set(id, performance.now());
        pushed.push(queue.push(update as unknown as QueuedUpdate));
      }
      await withTimeout(Promise.all(pushed), 60_000, `round ${round}`);
      if (round > 0) results.push({ round, latencies: current });
      await sleep(ROUND_GAP_MS);
    }
    const all = results.flatMap((r) => r.latencies);
    printTable(
      ['round', 'replies', 'p50 ms', 'p99 ms', 'max ms'],
      results.map((r) => [r.round, r.latencies.length, fmt(percentile(r.latencies, 50), 1), fmt(percentile(r.latencies, 99), 1), fmt(Math.max(...r.latencies), 1)]),
    );
    const p50 = percentile(all, 50);
    const p99 = percentile(all, 99);
    const missing = people * rounds - all.length;
    const verdict = p99 <= TARGET_P99_MS && missing === 0 ? 'met' : 'NOT met';
    return {
      name: 'latest-load',
      summary: `latest-load: ${people} people × ${rounds} rounds of /latest at once: update→send p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms (target p99 ≤ ${TARGET_P99_MS} ms: ${verdict}; ${missing} replies missing)`,
    };
  } finally {
    await core.close().catch(() => undefined);
    await emulator.stop().catch(() => undefined);
    await deletePrefix(redis, prefix).catch((error: unknown) => console.error(`cleanup of ${prefix} failed:`, error));
    await redis.quit().catch(() => undefined);
  }
}
