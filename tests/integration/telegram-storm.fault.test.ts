import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryWorker } from '../../jobs/delivery-worker';
import { createQueues, type Queues } from '../../jobs/queues';
import type { Article } from '../../src/articles/article';
import { alertPlanJobId } from '../../src/jobs-contract';
import { createTestCore, type TestCore } from '../helpers/core';

// A Telegram storm during an alert fan-out through the real delivery worker: 10% of sends answered 429 (retry_after
// 1–3 s for the whole bot), 5% 502, 2% never answered. Every chat must get its alert, a chat may get it twice only
// when Telegram acted on a call it never answered, and nothing may be sent while a retry_after is in force.
const CHATS = 300;
const FIRST_CHAT = 8_100_000;

let test: TestCore;
let queues: Queues;
let worker: ReturnType<typeof createDeliveryWorker>;

beforeAll(async () => {
  test = await createTestCore('storm', {
    env: { TELEGRAM_CALL_TIMEOUT_MS: '300', TELEGRAM_RATE_LIMIT: '30' },
    emulator: { rateLimits: true, latencyMs: { min: 5, max: 20 }, maxCallHistory: 20_000 },
    core: { sendAttempts: 12 },
  });
  queues = createQueues({ connection: test.redis, prefix: test.prefix });
});

afterAll(async () => {
  await worker?.close();
  await queues?.delivery.obliterate({ force: true }).catch(() => undefined);
  await queues?.close();
  await test?.close();
});

describe('delivery through a Telegram storm', () => {
  it('delivers every alert once (apart from unanswered calls Telegram acted on) and honours every retry_after', { timeout: 170_000 }, async () => {
    const { core, emulator } = test;
    const ids = Array.from({ length: CHATS }, (_, i) => FIRST_CHAT + i);
    for (const id of ids) {
      emulator.addChat({ id, type: 'private', first_name: `U${id}` });
      await core.chats.ensure({ id, type: 'private' }, 'en');
      await core.chats.subscribe(id, ['china']);
      await core.chats.setSchedule(id, { mode: 'instant' });
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    const story: Article = {
      sourceId: 'src-storm',
      sourceName: 'Storm Wire',
      guid: `storm-${test.prefix}`,
      title: 'Almaty–Urumqi freight line opens',
      url: `https://wire.example/${test.prefix}/freight`,
      description: 'A second cross-border line.',
      publishedAt: Date.now() - 60_000,
      language: 'en',
      topics: ['china'],
    };
    await core.articles.save(story);

    emulator.setStorm({ share429: 0.1, share5xx: 0.05, shareUnanswered: 0.02, retryAfterSeconds: { min: 1, max: 3 } });
    worker = createDeliveryWorker({ core, queues });
    await worker.waitUntilReady();
    await queues.delivery.add('plan-alerts', {}, { jobId: alertPlanJobId(Date.now()) });

    const received = new Map<number, number>();
    const off = emulator.on('message', (message) => received.set(message.chat.id, (received.get(message.chat.id) ?? 0) + 1));
    for (;;) {
      const counts = await queues.delivery.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      if (Object.values(counts).every((count) => count === 0) && received.size > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    off();
    emulator.setStorm(undefined);

    const report = emulator.stormReport();
    const duplicated = [...received].filter(([, count]) => count > 1).map(([chatId]) => chatId);
    const deliveredUnanswered = new Set(report.unansweredDelivered.map((entry) => entry.chatId));
    console.log(
      `storm over ${CHATS} chats: ${report.injected429} × 429, ${report.injected5xx} × 502, ` +
        `${report.unansweredDelivered.length + report.unansweredDropped} unanswered (${report.unansweredDelivered.length} delivered anyway), ` +
        `${duplicated.length} chats got the alert twice, ${report.violations.length} sends during a retry_after, ` +
        `${test.rateLimited()} 429s seen by the sender`,
    );
    // The storm really happened.
    expect(report.injected429).toBeGreaterThan(5);
    expect(report.injected5xx).toBeGreaterThan(2);
    // Every chat got the alert, and its text.
    expect(ids.filter((id) => !received.has(id))).toEqual([]);
    expect(emulator.sent(ids[0]).at(-1)?.text).toContain('Almaty–Urumqi freight line opens');
    // A second copy only where Telegram delivered a call it never answered.
    expect(duplicated.filter((chatId) => !deliveredUnanswered.has(chatId))).toEqual([]);
    // Nothing was sent while a retry_after was in force.
    expect(report.violations).toEqual([]);
  });
});
