// /latest under load: 200 people send /latest at the same moment, round after round, to the real bot process
// (startApp: its poller → update queue → telegraf → handlers → core → sender) against the Bot API emulator, which
// runs in a child process of its own so that its work never shares the bot's event loop.
//
// What is measured, inside the bot process (the bot's own update→reply histogram hook, not at the emulator):
//   handling   from the update queue taking the update from the poller (the bot has received it) to the handler handing
//              its first reply to the sender: telegraf, loading the chat from Redis, reading and rendering /latest.
//   limiter    the reply's wait for its slot from the shared rate limiter (Telegram's 30 messages a second across the
//              bot and 1 a second per chat): a send-side queue, which Telegram's own limit makes ~6.7 s for the last
//              of 200 replies at once, whatever the bot does. Reported apart, never added to `handling`.
// The Bot API call itself (HTTP to the emulator) is in neither.
import { startApp, type App } from '../app/start-app';
import type { Article } from '../src/articles/article';
import { loadConfig } from '../src/config/config';
import { createCore } from '../src/core';
import { createLogger } from '../src/observability/logger';
import { startEmulatorProcess } from './emulator-process';
import { benchPrefix, BENCH_REDIS_URL, deletePrefix, fmt, openRedis, percentile, printTable, sleep, withTimeout, type BenchOutcome } from './lib';

const FIRST_CHAT = 8_000_000;
/** A chat may be sent one message per second: a round starts no sooner than this after the previous one's last send. */
const ROUND_GAP_MS = 1200;
const TARGET_P99_MS = 30;

interface RoundResult {
  round: number;
  handling: number[];
  waits: number[];
  /** From the round's updates being queued at the emulator to the last reply's slot being granted. */
  drainMs: number;
}

/** Runs the bench: --people=200 --rounds=5 --rate=30 (a first warm-up round is not counted). */
export async function runLatestLoad(options: Map<string, string>): Promise<BenchOutcome> {
  const people = Number(options.get('people') ?? 200);
  const rounds = Number(options.get('rounds') ?? 5);
  const rate = options.get('rate') ?? '30';
  const redis = openRedis();
  const prefix = benchPrefix('latest');
  const emulator = await startEmulatorProcess({ maxCallHistory: people * (rounds + 2) + 1000 });
  const logger = createLogger({ level: 'warn' });
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    REDIS_URL: BENCH_REDIS_URL,
    REDIS_PREFIX: prefix,
    TELEGRAM_RATE_LIMIT: rate,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  let app: App | undefined;
  try {
    const seeding = createCore(config, redis, { logger });
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
      await seeding.articles.save(article);
    }
    await seeding.close();

    let handling: number[] = [];
    let waits: number[] = [];
    let allGranted: () => void = () => undefined;
    app = await startApp(config, { bot: true, worker: false }, logger, {
      botEvents: { replyStarted: (ms) => void handling.push(ms) },
      senderEvents: {
        waited(ms, priority) {
          if (priority !== 'reply') return;
          waits.push(ms);
          if (waits.length >= people) allGranted();
        },
      },
    });
    const ids = Array.from({ length: people }, (_, i) => FIRST_CHAT + i);
    await emulator.call('addChats', ids.map((id) => ({ id, type: 'private', first_name: `P${id}` })));
    const texts = ids.map((id) => ({ chatId: id, text: '/latest', from: { id, first_name: `P${id}`, language_code: 'en' } }));
    const results: RoundResult[] = [];
    for (let round = 0; round <= rounds; round++) {
      handling = [];
      waits = [];
      const granted = new Promise<void>((resolve) => (allGranted = resolve));
      const started = performance.now();
      await emulator.call('sendTexts', texts);
      await withTimeout(granted, 60_000 + (people / Number(rate)) * 2000, `round ${round}`);
      const drainMs = performance.now() - started;
      if (round > 0) results.push({ round, handling, waits, drainMs });
      await sleep(ROUND_GAP_MS);
    }
    const sent = await emulator.call<number>('sentCount');
    printTable(
      ['round', 'replies', 'handling p50 ms', 'handling p99 ms', 'max ms', 'limiter wait p50 ms', 'limiter wait p99 ms', 'all granted s'],
      results.map((r) => [
        String(r.round),
        String(r.handling.length),
        fmt(percentile(r.handling, 50), 1),
        fmt(percentile(r.handling, 99), 1),
        fmt(Math.max(...r.handling), 1),
        fmt(percentile(r.waits, 50), 0),
        fmt(percentile(r.waits, 99), 0),
        fmt(r.drainMs / 1000, 2),
      ]),
    );
    console.log(
      'handling: update taken from the poller by the bot → first reply handed to the sender (telegraf, chat from Redis, /latest read and render), ' +
        'measured in the bot process; limiter wait: the reply waiting for its rate-limiter slot (Telegram allows ' +
        `${rate}/s across the bot), reported apart; the Bot API call is in neither.`,
    );
    const all = results.flatMap((r) => r.handling);
    const allWaits = results.flatMap((r) => r.waits);
    const p50 = percentile(all, 50);
    const p99 = percentile(all, 99);
    const missing = people * rounds - all.length;
    const verdict = p99 <= TARGET_P99_MS && missing === 0 ? 'met' : 'NOT met';
    return {
      name: 'latest-load',
      summary:
        `latest-load: ${people} people × ${rounds} rounds of /latest at once, bot-side update→send call (no limiter wait, no HTTP): ` +
        `p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms (target p99 ≤ ${TARGET_P99_MS} ms: ${verdict}; ${missing} replies missing); ` +
        `limiter wait at ${rate}/s p50 ${fmt(percentile(allWaits, 50), 0)} ms, p99 ${fmt(percentile(allWaits, 99), 0)} ms; ${sent} messages reached the emulator`,
    };
  } finally {
    await app?.stop('bench done').catch(() => undefined);
    await emulator.stop().catch(() => undefined);
    await deletePrefix(redis, prefix).catch((error: unknown) => console.error(`cleanup of ${prefix} failed:`, error));
    await redis.quit().catch(() => undefined);
  }
}
