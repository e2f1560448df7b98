import { PermanentError, TransientError } from '../errors';
import { botApiErrorInfo } from './telegram-error';

/** Why a chat can no longer receive messages. */
export type GoneReason = 'blocked' | 'deactivated' | 'kicked' | 'not-found';

/** The chat is gone for good (blocked the bot, deactivated, kicked it, or does not exist): suspend it. */
export class ChatGoneError extends PermanentError {
  readonly reason: GoneReason;
  constructor(chatId: number | string, reason: GoneReason, description: string) {
    super(`chat ${chatId} is gone: ${description}`, { chatId, reason });
    this.reason = reason;
  }
}

/** The group became a supergroup with a new id: move the chat and send there. */
export class ChatMigratedError extends PermanentError {
  readonly toChatId: number;
  constructor(chatId: number | string, toChatId: number) {
    super(`chat ${chatId} migrated to ${toChatId}`, { chatId, toChatId });
    this.toChatId = toChatId;
  }
}

/** A 403 that names no known reason: counts as a strike against the chat. */
export class ChatForbiddenError extends PermanentError {
  constructor(chatId: number | string, description: string) {
    super(`chat ${chatId} forbids sending: ${description}`, { chatId });
  }
}

/** Telegram refused the request itself (400): retrying the same request cannot help. */
export class BadRequestError extends PermanentError {}

/** Maps a failed Bot API call to Silkwire's errors: gone, migrated, forbidden, bad request, or transient. */
export function toSendError(error: unknown, chatId: number | string): Error {
  const info = botApiErrorInfo(error);
  if (!info) return new TransientError(`network error talking to Telegram: ${(error as Error)?.message ?? String(error)}`, { chatId }, error);
  const text = info.description.toLowerCase();
  if (info.migrateToChatId !== undefined) return new ChatMigratedError(chatId, info.migrateToChatId);
  if (info.code === 403) {
    if (text.includes('blocked by the user')) return new ChatGoneError(chatId, 'blocked', info.description);
    if (text.includes('user is deactivated')) return new ChatGoneError(chatId, 'deactivated', info.description);
    if (text.includes('kicked') || text.includes('not a member') || text.includes('chat was deleted')) return new ChatGoneError(chatId, 'kicked', info.description);
    return new ChatForbiddenError(chatId, info.description);
  }
  if (info.code === 400 && text.includes('chat not found')) return new ChatGoneError(chatId, 'not-found', info.description);
  if (info.code === 429 || info.code >= 500) return new TransientError(`Telegram answered ${info.code}: ${info.description}`, { chatId, code: info.code }, error);
  return new BadRequestError(`Telegram refused the request (${info.code}): ${info.description}`, { chatId, code: info.code }, error);
}
