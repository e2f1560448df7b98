import { badRequest } from './api-error';

/** A command in the bot's menu (the Bot API's `BotCommand`). */
export interface BotCommand {
  command: string;
  description: string;
}

/** Which users see a command list (the Bot API's `BotCommandScope`). */
export interface BotCommandScope {
  type:
    | 'default'
    | 'all_private_chats'
    | 'all_group_chats'
    | 'all_chat_administrators'
    | 'chat'
    | 'chat_administrators'
    | 'chat_member';
  chat_id?: number | string;
  user_id?: number;
}

/** Where a user looks at the menu, for `resolve`. */
export interface CommandViewer {
  chatId: number;
  chatType: 'private' | 'group' | 'supergroup' | 'channel';
  userId?: number;
  isAdmin?: boolean;
  languageCode?: string;
}

/** The command lists registered with setMyCommands, by scope and language. */
export interface CommandStore {
  set(scope: BotCommandScope | undefined, languageCode: string | undefined, commands: BotCommand[]): void;
  /** The list for exactly this scope and language, as getMyCommands answers (empty when none). */
  get(scope: BotCommandScope | undefined, languageCode: string | undefined): BotCommand[];
  delete(scope: BotCommandScope | undefined, languageCode: string | undefined): void;
  /** The list a user would see, following Telegram's documented scope fallback order. */
  resolve(viewer: CommandViewer): BotCommand[];
  clear(): void;
}

const SCOPE_TYPES = new Set([
  'default',
  'all_private_chats',
  'all_group_chats',
  'all_chat_administrators',
  'chat',
  'chat_administrators',
  'chat_member',
]);

/** Validates a `scope` parameter value; undefined means the default scope. */
export function readCommandScope(value: unknown): BotCommandScope | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw badRequest("can't parse BotCommandScope JSON object");
  const scope = value as Record<string, unknown>;
  if (typeof scope.type !== 'string' || !SCOPE_TYPES.has(scope.type)) throw badRequest('unsupported bot command scope type');
  const result: BotCommandScope = { type: scope.type as BotCommandScope['type'] };
  if (result.type === 'chat' || result.type === 'chat_administrators' || result.type === 'chat_member') {
    const chatId = scope.chat_id;
    if (typeof chatId !== 'number' && typeof chatId !== 'string') throw badRequest('chat_id is empty');
    result.chat_id = typeof chatId === 'string' && /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
  }
  if (result.type === 'chat_member') {
    const userId = Number(scope.user_id);
    if (!Number.isInteger(userId) || userId <= 0) throw badRequest('invalid user_id specified');
    result.user_id = userId;
  }
  return result;
}

/** Validates a setMyCommands `commands` list the way Telegram does. */
export function readCommands(value: unknown): BotCommand[] {
  if (!Array.isArray(value)) throw badRequest("can't parse commands JSON object");
  if (value.length > 100) throw badRequest('too many commands specified');
  return value.map((item: unknown) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const { command, description } = entry;
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim().length === 0 || description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command, description };
  });
}

/** Validates a `language_code` parameter: empty, or a two-letter ISO 639-1 code. */
export function readLanguageCode(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[a-z]{2}$/.test(value)) throw badRequest('invalid language code specified');
  return value;
}

function keyOf(scope: BotCommandScope | undefined, languageCode: string | undefined): string {
  const s = scope ?? { type: 'default' };
  return JSON.stringify([s.type, s.chat_id ?? null, s.user_id ?? null, languageCode ?? '']);
}

/** Creates an empty command store. */
export function createCommandStore(): CommandStore {
  const lists = new Map<string, BotCommand[]>();
  const store: CommandStore = {
    set(scope, languageCode, commands) {
      if (commands.length === 0) lists.delete(keyOf(scope, languageCode));
      else lists.set(keyOf(scope, languageCode), commands.map((command) => ({ ...command })));
    },
    get: (scope, languageCode) => (lists.get(keyOf(scope, languageCode)) ?? []).map((command) => ({ ...command })),
    delete(scope, languageCode) {
      lists.delete(keyOf(scope, languageCode));
    },
    resolve(viewer) {
      const { chatId, userId } = viewer;
      const scopes: BotCommandScope[] = [];
      if (viewer.chatType === 'private') {
        scopes.push({ type: 'chat', chat_id: chatId }, { type: 'all_private_chats' });
      } else {
        if (userId !== undefined) scopes.push({ type: 'chat_member', chat_id: chatId, user_id: userId });
        if (viewer.isAdmin === true) scopes.push({ type: 'chat_administrators', chat_id: chatId });
        scopes.push({ type: 'chat', chat_id: chatId });
        if (viewer.isAdmin === true) scopes.push({ type: 'all_chat_administrators' });
        scopes.push({ type: 'all_group_chats' });
      }
      scopes.push({ type: 'default' });
      for (const scope of scopes) {
        for (const language of [viewer.languageCode, undefined]) {
          const list = lists.get(keyOf(scope, language));
          if (list !== undefined) return list.map((command) => ({ ...command }));
        }
      }
      return [];
    },
    clear() {
      lists.clear();
    },
  };
  return store;
}
