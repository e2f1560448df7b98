import type { RateLimiter, SendPriority, SendSlot } from '../delivery/rate-limiter';
import type { Logger } from '../observability/logger';
import { toSendError } from './send-errors';
import { botApiErrorInfo } from './telegram-error';

/** The one method of a Bot API client that Silkwire needs (telegraf's Telegram has it). */
export interface BotApiClient {
  /** `signal` is an AbortSignal (typed loosely: telegraf declares its own shim of it). */
  callApi(method: string, payload: Record<string, unknown>, options?: { signal?: unknown }): Promise<unknown>;
}

/** An inline keyboard: rows of buttons with callback data. */
export type InlineKeyboard = ReadonlyArray<ReadonlyArray<{ text: string; callback_data: string }>>;

/** Options for one outgoing text message. */
export interface SendOptions {
  keyboard?: InlineKeyboard;
  /** Show a link preview (off by default: lists of links look better without). */
  linkPreview?: boolean;
  /** 'reply' (default) answers a person and goes ahead of queued broadcasts; digests and alerts pass 'broadcast'. */
  priority?: SendPriority;
}

/** Options for one raw Bot API call. */
export interface CallOptions {
  priority?: SendPriority;
}

/** Counters the sender reports to (metrics); all optional. */
export interface SenderEvents {
  sent?(method: string): void;
  failed?(method: string, reason: string): void;
  rateLimited?(retryAfterMs: number): void;
  /** A message waited this long for its slot from the rate limiter. */
  waited?(ms: number, priority: SendPriority): void;
}

/**
 * The single path for every outgoing Telegram call. Messages wait for a slot from the shared rate limiter;
 * a 429 pauses all sending for its retry_after and the call is repeated; 5xx and network errors retry with backoff;
 * anything else is thrown as a typed error (gone, migrated, forbidden, bad request).
 */
export interface Sender {
  send(chatId: number | string, html: string, options?: SendOptions): Promise<{ messageId: number }>;
  edit(chatId: number | string, messageId: number, html: string, options?: SendOptions): Promise<void>;
  call(method: string, payload: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const MESSAGE_METHODS = new Set(['sendMessage', 'editMessageText']);

/** Creates the sender. */
export function createSender(deps: {
  api: BotApiClient;
  logger: Logger;
  limiter?: RateLimiter;
  events?: SenderEvents;
  /** Attempts for 429, 5xx and network errors before giving up. */
  maxAttempts?: number;
  /** A call that has no answer after this long is abandoned and counts as a transient error (default 30 s). */
  callTimeoutMs?: number;
  /** Broadcast sends carry `allow_paid_broadcast: true` (and the limiter paces them at the paid rate). */
  paidBroadcast?: boolean;
}): Sender {
  const { api, logger, limiter, events = {} } = deps;
  const maxAttempts = deps.maxAttempts ?? 6;
  const callTimeoutMs = deps.callTimeoutMs ?? 30_000;

  async function call(method: string, original: Record<string, unknown>, options: CallOptions = {}): Promise<unknown> {
    const chatId = (original.chat_id as number | string | undefined) ?? '';
    const priority = options.priority ?? 'reply';
    const paid = deps.paidBroadcast === true && priority === 'broadcast' && method === 'sendMessage';
    const payload = paid ? { ...original, allow_paid_broadcast: true } : original;
    for (let attempt = 1; ; attempt++) {
      let slot: SendSlot | void = undefined;
      if (limiter && MESSAGE_METHODS.has(method) && chatId !== '') {
        const asked = performance.now();
        slot = await limiter.acquire(chatId, Number(chatId) < 0, { priority, paid });
        events.waited?.(performance.now() - asked, priority);
      }
      const signal = AbortSignal.timeout(callTimeoutMs);
      try {
        // The client writes the request before its first await: the slot learns when the message left.
        const answer = api.callApi(method, payload, { signal });
        slot?.sent();
        const result = await answer;
        events.sent?.(method);
        return result;
      } catch (caught) {
        // NOTE: Telegram may have acted on a call it never answered; retrying it can send a message twice.
        const error = signal.aborted ? new Error(`Telegram did not answer ${method} within ${callTimeoutMs} ms`, { cause: caught }) : caught;
        const info = botApiErrorInfo(error);
        if (info?.code === 429) {
          const waitMs = (info.retryAfterSeconds ?? 1) * 1000;
          events.rateLimited?.(waitMs);
          if (limiter) await limiter.pauseAll(waitMs);
          else await sleep(waitMs);
          logger.warn({ method, chatId, waitMs, attempt }, 'telegram 429: all sending paused');
          if (attempt < maxAttempts) continue;
        } else if (info === undefined || info.code >= 500) {
          if (attempt < maxAttempts) {
            const waitMs = Math.min(250 * 2 ** attempt, 10_000);
            logger.warn({ method, chatId, code: info?.code, timedOut: signal.aborted, waitMs, attempt }, 'telegram call failed, retrying');
            await sleep(waitMs);
            continue;
          }
        }
        const mapped = toSendError(error, chatId);
        events.failed?.(method, mapped.name);
        throw mapped;
      }
    }
  }

  function messagePayload(html: string, options: SendOptions): Record<string, unknown> {
    return {
      text: html,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: !options.linkPreview },
      ...(options.keyboard ? { reply_markup: { inline_keyboard: options.keyboard } } : {}),
    };
  }

  return {
    call,
    async send(chatId, html, options = {}) {
      const priority = options.priority ?? 'reply';
      const result = (await call('sendMessage', { chat_id: chatId, ...messagePayload(html, options) }, { priority })) as { message_id: number };
      return { messageId: result.message_id };
    },
    async edit(chatId, messageId, html, options = {}) {
      try {
        await call('editMessageText', { chat_id: chatId, message_id: messageId, ...messagePayload(html, options) }, { priority: options.priority ?? 'reply' });
      } catch (error) {
        // NOTE: pressing a button that leads to the same text is not an error for the person.
        if (error instanceof Error && error.message.includes('message is not modified')) return;
        throw error;
      }
    },
  };
}

/** The same sender with 'broadcast' as the default priority: the delivery service's view, behind any waiting reply. */
export function asBroadcastSender(sender: Sender): Sender {
  return {
    send: (chatId, html, options = {}) => sender.send(chatId, html, { priority: 'broadcast', ...options }),
    edit: (chatId, messageId, html, options = {}) => sender.edit(chatId, messageId, html, { priority: 'broadcast', ...options }),
    call: (method, payload, options = {}) => sender.call(method, payload, { priority: 'broadcast', ...options }),
  };
}
