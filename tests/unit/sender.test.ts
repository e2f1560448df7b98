import { describe, expect, it } from 'vitest';
import type { AcquireOptions, RateLimiter } from '../../src/delivery/rate-limiter';
import { TransientError } from '../../src/errors';
import { createLogger } from '../../src/observability/logger';
import { asBroadcastSender, createSender, type BotApiClient } from '../../src/telegram/sender';

const logger = createLogger({ level: 'silent' });

/** A Bot API client that records each call and answers from `answer`. */
function fakeApi(answer: (call: number, signal: AbortSignal | undefined) => Promise<unknown>) {
  const calls: Array<{ method: string; payload: Record<string, unknown> }> = [];
  const api: BotApiClient = {
    callApi(method, payload, options) {
      calls.push({ method, payload });
      return answer(calls.length, options?.signal as AbortSignal | undefined);
    },
  };
  return { api, calls };
}

/** A limiter that grants at once and records what each send asked for. */
function recordingLimiter() {
  const asked: Array<{ chatId: number | string } & AcquireOptions> = [];
  const limiter: RateLimiter = {
    acquire: async (chatId, _isGroup, options = {}) => void asked.push({ chatId, ...options }),
    pauseAll: async () => undefined,
  };
  return { limiter, asked };
}

/** Never answers; rejects as fetch does when the signal aborts. */
function hang(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('The operation was aborted.')), { once: true }));
}

describe('sender', () => {
  it('abandons a call Telegram never answers after the timeout and retries it as transient', async () => {
    const { api, calls } = fakeApi((n, signal) => (n === 1 ? hang(signal) : Promise.resolve({ message_id: 42 })));
    const sender = createSender({ api, logger, callTimeoutMs: 100, maxAttempts: 2 });
    expect(await sender.send(5, 'hello')).toEqual({ messageId: 42 });
    expect(calls.map((call) => call.payload.text)).toEqual(['hello', 'hello']);
  });

  it('gives up with a transient error that says Telegram did not answer', async () => {
    const { api } = fakeApi((_, signal) => hang(signal));
    const sender = createSender({ api, logger, callTimeoutMs: 100, maxAttempts: 1 });
    const error = await sender.send(5, 'hello').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toContain('did not answer sendMessage within 100 ms');
  });

  it('sends replies first and broadcasts behind them; paid broadcasts carry allow_paid_broadcast', async () => {
    const { api, calls } = fakeApi(async () => ({ message_id: 1 }));
    const { limiter, asked } = recordingLimiter();
    const sender = createSender({ api, logger, limiter, paidBroadcast: true });
    await sender.send(1, 'your settings');
    await asBroadcastSender(sender).send(2, 'digest');
    expect(asked).toEqual([
      { chatId: 1, priority: 'reply', paid: false },
      { chatId: 2, priority: 'broadcast', paid: true },
    ]);
    expect(calls.map((call) => [call.payload.chat_id, call.payload.allow_paid_broadcast])).toEqual([
      [1, undefined],
      [2, true],
    ]);
  });

  it('sends broadcasts unpaid unless paid broadcasts are set', async () => {
    const { api, calls } = fakeApi(async () => ({ message_id: 1 }));
    const { limiter, asked } = recordingLimiter();
    await asBroadcastSender(createSender({ api, logger, limiter })).send(2, 'digest');
    expect(asked).toEqual([{ chatId: 2, priority: 'broadcast', paid: false }]);
    expect(calls[0]!.payload).not.toHaveProperty('allow_paid_broadcast');
  });
});
