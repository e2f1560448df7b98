import { describe, expect, it } from 'vitest';
import { createUpdatePoller } from '../../src/bot/update-poller';
import { createPersonThrottle, createUpdateQueue, isSlowDown, markSlowDown, receivedAt, type QueuedUpdate } from '../../src/bot/update-queue';
import { createLogger } from '../../src/observability/logger';
import { BotApiError } from '../../src/telegram/bot-api-client';

const logger = createLogger({ level: 'silent' });
let nextId = 1;
const msg = (chat: number, from = chat): QueuedUpdate => ({ update_id: nextId++, message: { chat: { id: chat }, from: { id: from } } });

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('update queue', () => {
  it('stamps each update with the time it was taken, and the stamp survives the slow-down copy', async () => {
    let clock = 100;
    const seen: Array<number | undefined> = [];
    const queue = createUpdateQueue<QueuedUpdate>({
      logger,
      now: () => clock,
      handle: async (update) => void seen.push(receivedAt(markSlowDown(update))),
    });
    const first = queue.push(msg(7));
    clock = 250;
    await Promise.all([first, queue.push(msg(8))]);
    expect(seen).toEqual([100, 250]);
    expect(receivedAt(msg(9))).toBeUndefined();
  });

  it('runs one chat in order and other chats alongside it', async () => {
    const log: string[] = [];
    const blocked = gate();
    const queue = createUpdateQueue<QueuedUpdate>({
      logger,
      handle: async (update) => {
        const chat = update.message!.chat.id;
        log.push(`start ${chat}:${update.update_id}`);
        if (chat === 1) await blocked.opened;
        log.push(`end ${chat}:${update.update_id}`);
      },
    });
    const a1 = msg(1);
    const a2 = msg(1);
    const b = msg(2);
    void queue.push(a1);
    void queue.push(a2);
    await queue.push(b);
    // Chat 2 finished while chat 1's first update is still blocked, and chat 1's second has not started.
    expect(log).toEqual([`start 1:${a1.update_id}`, `start 2:${b.update_id}`, `end 2:${b.update_id}`]);
    expect(queue.pending()).toBe(2);
    blocked.open();
    await queue.drain();
    expect(log.slice(3)).toEqual([`end 1:${a1.update_id}`, `start 1:${a2.update_id}`, `end 1:${a2.update_id}`]);
  });

  it('throttles a person: a burst is handled, the next gets one slow-down, the rest are dropped', async () => {
    const verdicts: string[] = [];
    const queue = createUpdateQueue<QueuedUpdate>({
      logger,
      throttle: createPersonThrottle({ burst: 3, perSecond: 1, now: () => 0 }),
      handle: async (_update, verdict) => {
        verdicts.push(verdict);
      },
    });
    await Promise.all(Array.from({ length: 20 }, () => queue.push(msg(5))));
    await queue.push(msg(6));
    expect(verdicts).toEqual(['handle', 'handle', 'handle', 'slow-down', 'handle']);
  });

  it('a person regains commands over time, and hears "slow down" again only after the notice interval', () => {
    let now = 0;
    const throttle = createPersonThrottle({ burst: 2, perSecond: 1, noticeEveryMs: 60_000, now: () => now });
    expect([throttle.verdict(1), throttle.verdict(1), throttle.verdict(1), throttle.verdict(1)]).toEqual(['handle', 'handle', 'slow-down', 'drop']);
    now = 1000;
    expect([throttle.verdict(1), throttle.verdict(1)]).toEqual(['handle', 'drop']);
    now = 61_000;
    expect([throttle.verdict(1), throttle.verdict(1), throttle.verdict(1)]).toEqual(['handle', 'handle', 'slow-down']);
  });

  it('never lets membership changes be throttled, and holds ready() while too many updates wait', async () => {
    const blocked = gate();
    const queue = createUpdateQueue<QueuedUpdate>({
      logger,
      maxPending: 2,
      throttle: createPersonThrottle({ burst: 0, now: () => 0 }),
      handle: () => blocked.opened,
    });
    const member = (chat: number): QueuedUpdate => ({ update_id: nextId++, my_chat_member: { chat: { id: chat }, from: { id: chat } } });
    void queue.push(member(1));
    void queue.push(member(2));
    let ready = false;
    void queue.ready().then(() => (ready = true));
    await Promise.resolve();
    expect(ready).toBe(false);
    blocked.open();
    await queue.drain();
    expect(ready).toBe(true);
  });

  it('marks a slow-down copy without changing the update', () => {
    const update = msg(9);
    expect(isSlowDown(markSlowDown(update))).toBe(true);
    expect(isSlowDown(update)).toBe(false);
    expect(markSlowDown(update).update_id).toBe(update.update_id);
  });
});

describe('update poller', () => {
  // The errors the core's Bot API client throws: the Bot API reply, whole.
  const apiError = (code: number, description: string, parameters?: Record<string, unknown>) =>
    new BotApiError('getUpdates', { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });

  it('retries a 409 with backoff, reports the problem while it lasts, and confirms handled updates on stop', async () => {
    const replies: Array<unknown[] | Error> = [apiError(409, 'Conflict'), apiError(409, 'Conflict'), [{ update_id: 7 }, { update_id: 8 }]];
    const calls: Array<Record<string, unknown>> = [];
    const problems: Array<string | undefined> = [];
    const handled: number[] = [];
    const done = gate();
    const poller = createUpdatePoller<{ update_id: number }>({
      logger,
      allowedUpdates: ['message'],
      backoffMs: 1,
      call: async (_method, params, { signal }) => {
        calls.push(params);
        if (params.limit === 1) return [];
        const reply = replies.shift();
        if (reply instanceof Error) throw reply;
        if (reply) return reply;
        done.open();
        return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
      },
      push: async (update) => {
        handled.push(update.update_id);
      },
      ready: async () => undefined,
      drain: async () => undefined,
      onProblem: (problem) => problems.push(problem),
      onFatal: () => {
        throw new Error('not fatal');
      },
    });
    poller.start();
    await done.opened;
    await poller.stop();
    expect(handled).toEqual([7, 8]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/409/);
    expect(problems[2]).toBeUndefined();
    expect(calls.at(-1)).toMatchObject({ offset: 9, limit: 1 });
  });

  it('a 401 is fatal', async () => {
    let fatal: Error | undefined;
    const ended = gate();
    let calls = 0;
    const poller = createUpdatePoller({
      logger,
      allowedUpdates: [],
      call: () => {
        calls += 1;
        return Promise.reject(apiError(401, 'Unauthorized'));
      },
      push: async () => undefined,
      ready: async () => undefined,
      drain: async () => undefined,
      onFatal: (error) => {
        fatal = error;
        ended.open();
      },
    });
    poller.start();
    await ended.opened;
    await poller.stop();
    expect(fatal?.message).toMatch(/401/);
    // No retry, and no offset confirmation with a token Telegram refuses.
    expect(calls).toBe(1);
  });

  it('waits as long as a 429 asks before polling again', async () => {
    const retries: unknown[] = [];
    const waiting = gate();
    const capture = createLogger({
      level: 'warn',
      destination: {
        write(line: string) {
          retries.push((JSON.parse(line) as { retryInMs?: unknown }).retryInMs);
          waiting.open();
        },
      },
    });
    let calls = 0;
    const poller = createUpdatePoller({
      logger: capture,
      allowedUpdates: [],
      backoffMs: 1,
      call: async (_method, params) => {
        if (params.limit === 1) return [];
        calls += 1;
        throw apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 });
      },
      push: async () => undefined,
      ready: async () => undefined,
      drain: async () => undefined,
      onFatal: () => {
        throw new Error('not fatal');
      },
    });
    poller.start();
    await waiting.opened;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await poller.stop();
    expect(retries).toEqual([7000]);
    expect(calls).toBe(1); // still waiting out the 7 s when stopped, not polling again after the 1 ms backoff
  });
});
