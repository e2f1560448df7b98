import { register as globalRegistry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { ChatGoneError, ChatMigratedError, toSendError } from '../../src/telegram/send-errors';
import type { IngestResult, IngestService } from '../../src/ingest/ingest-service';
import {
  countUpdates,
  createMetrics,
  instrumentIngest,
  jobCountsOf,
  senderEventsFor,
  sendFailureReason,
  type MetricsDeps,
} from '../../src/observability/metrics';
import type { Source } from '../../src/sources/source';

const clockAt = (ms: number) => ({ now: () => ms });

function metricsWith(extra: Partial<MetricsDeps> = {}) {
  return createMetrics({ clock: clockAt(1_700_000_000_500), defaultMetrics: false, ...extra });
}

describe('createMetrics', () => {
  it('uses a registry of its own per call, never the global one', async () => {
    const a = metricsWith();
    const b = metricsWith();
    expect(a.registry).not.toBe(b.registry);
    expect(a.registry).not.toBe(globalRegistry);
    a.updateHandled('message');
    expect(await a.registry.metrics()).toContain('silkwire_updates_handled_total{type="message"} 1');
    expect(await b.registry.metrics()).not.toContain('silkwire_updates_handled_total{type="message"}');
    expect(await globalRegistry.metrics()).not.toContain('silkwire_');
  });

  it('counts updates, sends, failures and 429s with their labels', async () => {
    const metrics = metricsWith();
    metrics.updateHandled('message');
    metrics.updateHandled('message');
    metrics.updateHandled('callback_query');
    metrics.messageSent('sendMessage');
    metrics.messageSent('sendMessage');
    metrics.messageSent('editMessageText');
    metrics.messageFailed('sendMessage', 'gone');
    metrics.rateLimited(3000);
    metrics.rateLimited(1500);
    const text = await metrics.registry.metrics();
    expect(text).toContain('silkwire_updates_handled_total{type="message"} 2');
    expect(text).toContain('silkwire_updates_handled_total{type="callback_query"} 1');
    expect(text).toContain('silkwire_messages_sent_total{method="sendMessage"} 2');
    expect(text).toContain('silkwire_messages_sent_total{method="editMessageText"} 1');
    expect(text).toContain('silkwire_messages_failed_total{method="sendMessage",reason="gone"} 1');
    expect(text).toContain('silkwire_telegram_rate_limited_total 2');
    expect(text).toContain('silkwire_telegram_rate_limit_wait_seconds_total 4.5');
    expect(text).toContain('# TYPE silkwire_updates_handled_total counter');
  });

  it('records update→reply times and rate-limiter waits as histograms, in seconds', async () => {
    const metrics = metricsWith();
    metrics.replyStarted(12);
    senderEventsFor(metrics).waited?.(2500, 'reply');
    const text = await metrics.registry.metrics();
    expect(text).toContain('silkwire_update_reply_seconds_bucket{le="0.02"} 1');
    expect(text).toContain('silkwire_update_reply_seconds_bucket{le="0.01"} 0');
    expect(text).toContain('silkwire_send_wait_seconds_sum{priority="reply"} 2.5');
  });

  it('counts feed fetches per source and result, and keeps each source\'s last success time', async () => {
    let now = 1_700_000_000_000;
    const metrics = createMetrics({ clock: { now: () => now }, defaultMetrics: false });
    metrics.feedFetched('src-a', 'ok');
    now += 60_000;
    metrics.feedFetched('src-a', 'not-modified');
    now += 60_000;
    metrics.feedFetched('src-a', 'error');
    metrics.feedFetched('src-b', 'error');
    const text = await metrics.registry.metrics();
    expect(text).toContain('silkwire_feed_fetches_total{source="src-a",result="ok"} 1');
    expect(text).toContain('silkwire_feed_fetches_total{source="src-a",result="not-modified"} 1');
    expect(text).toContain('silkwire_feed_fetches_total{source="src-a",result="error"} 1');
    expect(text).toContain('silkwire_feed_fetches_total{source="src-b",result="error"} 1');
    // The error did not move the last success; a source that never succeeded has no sample.
    expect(text).toContain('silkwire_feed_last_success_timestamp_seconds{source="src-a"} 1700000060');
    expect(text).not.toContain('silkwire_feed_last_success_timestamp_seconds{source="src-b"}');
  });

  it('reads queue depths, stored articles and subscribers from their callbacks at each scrape', async () => {
    let waiting = 3;
    const queueCounts = vi.fn(async () => ({
      ingest: { waiting, active: 1, delayed: 2, failed: 0, completed: 99 },
      delivery: { waiting: 0, active: 0, delayed: 0 },
    }));
    const articleCounts = vi.fn(async () => ({ kazakhstan: 12, china: 7, any: 17 }));
    const subscriberCounts = vi.fn(async () => ({ kazakhstan: 4, china: 5 }));
    const metrics = metricsWith({ queueCounts, articleCounts, subscriberCounts });
    expect(queueCounts).not.toHaveBeenCalled();

    let text = await metrics.registry.metrics();
    expect(queueCounts).toHaveBeenCalledTimes(1);
    expect(articleCounts).toHaveBeenCalledTimes(1);
    expect(subscriberCounts).toHaveBeenCalledTimes(1);
    expect(text).toContain('silkwire_queue_jobs{queue="ingest",state="waiting"} 3');
    expect(text).toContain('silkwire_queue_jobs{queue="ingest",state="active"} 1');
    expect(text).toContain('silkwire_queue_jobs{queue="ingest",state="delayed"} 2');
    expect(text).toContain('silkwire_queue_jobs{queue="ingest",state="failed"} 0');
    expect(text).toContain('silkwire_queue_jobs{queue="delivery",state="failed"} 0');
    expect(text).not.toContain('state="completed"');
    expect(text).toContain('silkwire_articles_stored{index="kazakhstan"} 12');
    expect(text).toContain('silkwire_articles_stored{index="any"} 17');
    expect(text).toContain('silkwire_subscribed_chats{topic="china"} 5');

    waiting = 8;
    text = await metrics.registry.metrics();
    expect(queueCounts).toHaveBeenCalledTimes(2);
    expect(text).toContain('silkwire_queue_jobs{queue="ingest",state="waiting"} 8');
  });

  it('leaves a gauge empty and counts the error when its callback fails or hangs, without failing the scrape', async () => {
    const metrics = metricsWith({
      collectTimeoutMs: 50,
      queueCounts: async () => {
        throw new Error('redis down');
      },
      articleCounts: () => new Promise<Record<string, number>>(() => undefined),
      subscriberCounts: async () => ({ china: 2 }),
    });
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/^silkwire_queue_jobs\{/m);
    expect(text).not.toMatch(/^silkwire_articles_stored\{/m);
    expect(text).toContain('silkwire_subscribed_chats{topic="china"} 2');
    expect(text).toContain('silkwire_collector_errors_total{collector="queue_jobs"} 1');
    expect(text).toContain('silkwire_collector_errors_total{collector="articles_stored"} 1');
  });

  it('collects the default Node.js metrics into its own registry', async () => {
    const text = await createMetrics({ clock: clockAt(0) }).registry.metrics();
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_total_bytes \d/m);
    expect(await metricsWith().registry.metrics()).not.toContain('process_cpu_user_seconds_total');
  });
});

describe('adapters', () => {
  it('senderEventsFor maps the sender\'s error names to failure reasons', async () => {
    const metrics = metricsWith();
    const events = senderEventsFor(metrics);
    events.sent?.('sendMessage');
    events.failed?.('sendMessage', new ChatGoneError(1, 'blocked', 'Forbidden: bot was blocked by the user').name);
    events.failed?.('sendMessage', new ChatMigratedError(-1, -100).name);
    events.failed?.('sendMessage', toSendError({ error_code: 403, description: 'Forbidden: something new' }, 1).name);
    events.failed?.('editMessageText', toSendError({ error_code: 400, description: 'Bad Request: message text is empty' }, 1).name);
    events.failed?.('sendMessage', toSendError(new Error('socket hang up'), 1).name);
    events.rateLimited?.(2000);
    const text = await metrics.registry.metrics();
    expect(text).toContain('silkwire_messages_sent_total{method="sendMessage"} 1');
    for (const [method, reason] of [
      ['sendMessage', 'gone'],
      ['sendMessage', 'migrated'],
      ['sendMessage', 'forbidden'],
      ['editMessageText', 'bad-request'],
      ['sendMessage', 'transient'],
    ]) {
      expect(text).toContain(`silkwire_messages_failed_total{method="${method}",reason="${reason}"} 1`);
    }
    expect(text).toContain('silkwire_telegram_rate_limited_total 1');
    expect(sendFailureReason('SomethingElse')).toBe('other');
  });

  it('instrumentIngest counts each ingest by its result, errors thrown included', async () => {
    const results: Array<IngestResult | Error> = [
      { status: 'ok', items: 3, stored: 2, created: ['a'] },
      { status: 'not-modified' },
      { status: 'error', error: 'HTTP 500', retryable: true, failures: 1 },
      new Error('redis gone'),
    ];
    const inner: IngestService = {
      isDue: () => true,
      async ingest() {
        const next = results.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
    };
    const metrics = metricsWith();
    const ingest = instrumentIngest(inner, metrics);
    const source: Source = { id: 'src-x', name: 'X', url: 'https://x.example/rss' };
    expect(await ingest.ingest(source)).toMatchObject({ status: 'ok', items: 3 });
    await ingest.ingest(source);
    await ingest.ingest(source);
    await expect(ingest.ingest(source)).rejects.toThrow('redis gone');
    expect(ingest.isDue({ failures: 0 }, 0)).toBe(true);
    const text = await metrics.registry.metrics();
    expect(text).toContain('silkwire_feed_fetches_total{source="src-x",result="ok"} 1');
    expect(text).toContain('silkwire_feed_fetches_total{source="src-x",result="not-modified"} 1');
    expect(text).toContain('silkwire_feed_fetches_total{source="src-x",result="error"} 2');
    expect(text).toContain('silkwire_feed_last_success_timestamp_seconds{source="src-x"} 1700000000');
  });

  it('countUpdates counts an update once handled, even when its handler throws', async () => {
    const metrics = metricsWith();
    const middleware = countUpdates(metrics);
    await middleware({ updateType: 'message' }, async () => undefined);
    await expect(middleware({ updateType: 'callback_query' }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const text = await metrics.registry.metrics();
    expect(text).toContain('silkwire_updates_handled_total{type="message"} 1');
    expect(text).toContain('silkwire_updates_handled_total{type="callback_query"} 1');
  });

  it('jobCountsOf asks each queue for the exported states', async () => {
    const getJobCounts = vi.fn(async (...types: string[]) => Object.fromEntries(types.map((type, i) => [type, i])));
    const counts = await jobCountsOf({ ingest: { getJobCounts }, delivery: { getJobCounts } })();
    expect(getJobCounts).toHaveBeenCalledWith('waiting', 'active', 'delayed', 'failed');
    expect(counts).toEqual({ ingest: { waiting: 0, active: 1, delayed: 2, failed: 3 }, delivery: { waiting: 0, active: 1, delayed: 2, failed: 3 } });
  });
});
