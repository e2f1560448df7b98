import type { RateLimiter } from '../delivery/rate-limiter';
import type { Logger } from '../observability/logger';
import { toSendError } from './send-errors';
import { botApiErrorInfo } from './telegram-error';

/** The one method of a Bot API client that Silkwire needs (telegraf's Telegram has it). */
export interface BotApiClient {
  callApi(method: string, payload: Record<string, unknown>): Promise<unknown>;
}

/** An inline keyboard: rows of buttons with callback data. */
export type InlineKeyboard = ReadonlyArray<ReadonlyArray<{ text: string; callback_data: string }>>;

/** Options for one outgoing text message. */
export interface SendOptions {
  keyboard?: InlineKeyboard;
  /** Show a link preview (off by default: lists of links look better without). */
  linkPreview?: boolean;
}

/** Counters the sender reports to (metrics); all optional. */
export interface SenderEvents {
  sent?(method: string): void;
  failed?(method: string, reason: string): void;
  rateLimited?(retryAfterMs: number): void;
}

/**
 * The single path for every outgoing Telegram call. Messages wait for a slot from the shared rate limiter;
 * a 429 pauses all sending for its retry_after and the call is repeated; 5xx and network errors retry with backoff;
 * anything else is thrown as a typed error (gone, migrated, forbidden, bad request).
 */
export interface Sender {
  send(chatId: number | string, html: string, options?: SendOptions): Promise<{ messageId: number }>;
  edit(chatId: number | string, messageId: number, html: string, options?: SendOptions): Promise<void>;
  call(method: string, payload: Record<string, unknown>): Promise<unknown>;
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
}): Sender {
  const { api, logger, limiter, events = {} } = deps;
  const maxAttempts = deps.maxAttempts ?? 6;

  async function call(method: string, payload: Record<string, unknown>): Promise<unknown> {
    const chatId = (payload.chat_id as number | string | undefined) ?? '';
    for (let attempt = 1; ; attempt++) {
      if (limiter && MESSAGE_METHODS.has(method) && chatId !== '') await limiter.acquire(chatId, Number(chatId) < 0);
      try {
        const result = await api.callApi(method, payload);
        events.sent?.(method);
        return result;
      } catch (error) {
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
            logger.warn({ method, chatId, code: info?.code, waitMs, attempt }, 'telegram call failed, retrying');
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
      const result = (await call('sendMessage', { chat_id: chatId, ...messagePayload(html, options) })) as { message_id: number };
      return { messageId: result.message_id };
    },
    async edit(chatId, messageId, html, options = {}) {
      try {
        await call('editMessageText', { chat_id: chatId, message_id: messageId, ...messagePayload(html, options) });
      } catch (error) {
        // NOTE: pressing a button that leads to the same text is not an error for the person.
        if (error instanceof Error && error.message.includes('message is not modified')) return;
        throw error;
      }
    },
  };
}
