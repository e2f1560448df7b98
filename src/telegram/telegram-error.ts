/** The parts of a Bot API error reply that decide what to do next. */
export interface BotApiErrorInfo {
  code: number;
  description: string;
  retryAfterSeconds?: number;
  migrateToChatId?: number;
}

/** Reads a Bot API error (telegraf's TelegramError, or a raw reply object) into its code, text and parameters. */
export function botApiErrorInfo(error: unknown): BotApiErrorInfo | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = (error as { response?: unknown }).response ?? error;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const { error_code: code, description, parameters } = candidate as {
    error_code?: unknown;
    description?: unknown;
    parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown };
  };
  if (typeof code !== 'number') return undefined;
  const info: BotApiErrorInfo = { code, description: typeof description === 'string' ? description : '' };
  if (typeof parameters?.retry_after === 'number') info.retryAfterSeconds = parameters.retry_after;
  if (typeof parameters?.migrate_to_chat_id === 'number') info.migrateToChatId = parameters.migrate_to_chat_id;
  return info;
}
