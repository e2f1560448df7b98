import type { Logger } from '../observability/logger';
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
  replyToMessageId?: number;
}

/** The single path for every outgoing Telegram call: HTML messages, edits and other methods. */
export interface Sender {
  send(chatId: number | string, html: string, options?: SendOptions): Promise<{ messageId: number }>;
  edit(chatId: number | string, messageId: number, html: string, options?: SendOptions): Promise<void>;
  call(method: string, payload: Record<string, unknown>): Promise<unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the sender; a 429 or a 5xx on an interactive call is retried a few times after the wait Telegram asks for. */
export function createSender(deps: { api: BotApiClient; logger: Logger; maxRetries?: number; maxWaitMs?: number }): Sender {
  const { api, logger } = deps;
  const maxRetries = deps.maxRetries ?? 3;
  const maxWaitMs = deps.maxWaitMs ?? 30_000;

  async function call(method: string, payload: Record<string, unknown>): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await api.callApi(method, payload);
      } catch (error) {
        const info = botApiErrorInfo(error);
        const transient = info === undefined || info.code === 429 || info.code >= 500;
        const waitMs = info?.retryAfterSeconds !== undefined ? info.retryAfterSeconds * 1000 : 500 * 2 ** attempt;
        if (!transient || attempt >= maxRetries || waitMs > maxWaitMs) throw error;
        logger.warn({ method, code: info?.code, waitMs }, 'telegram call failed, retrying');
        await sleep(waitMs);
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
      const result = (await call('sendMessage', {
        chat_id: chatId,
        ...messagePayload(html, options),
        ...(options.replyToMessageId ? { reply_parameters: { message_id: options.replyToMessageId, allow_sending_without_reply: true } } : {}),
      })) as { message_id: number };
      return { messageId: result.message_id };
    },
    async edit(chatId, messageId, html, options = {}) {
      try {
        await call('editMessageText', { chat_id: chatId, message_id: messageId, ...messagePayload(html, options) });
      } catch (error) {
        // NOTE: pressing a button that leads to the same text is not an error for the person.
        if (botApiErrorInfo(error)?.description.includes('message is not modified')) return;
        throw error;
      }
    },
  };
}
