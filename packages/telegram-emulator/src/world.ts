import { badRequest, forbidden } from './api-error';
import type { CallbackAnswer, ChatInfo, ChatMemberStatus, ChatType, EmulatedMessage, EmulatedUser } from './types';

/** A chat's state: who is in it, whether the bot may write, and its messages. */
export interface ChatRecord {
  info: ChatInfo;
  /** The bot's own status: 'kicked' means blocked by the user (private) or removed (groups). */
  botStatus: ChatMemberStatus;
  deactivated: boolean;
  migratedTo?: number;
  members: Map<number, ChatMemberStatus>;
  messages: Map<number, EmulatedMessage>;
  nextMessageId: number;
  lastUserId?: number;
}

/** A button press waiting for answerCallbackQuery. */
export interface CallbackQueryRecord {
  id: string;
  chatId: number;
  messageId: number;
  data: string;
  from: EmulatedUser;
  createdAt: number;
  answered: boolean;
}

/** Fields of a new message; the world assigns the id, the chat and the counters. */
export type NewMessage = Omit<EmulatedMessage, 'message_id' | 'chat' | 'edits' | 'deleted'>;

/** Everything the emulated Telegram knows: chats, users, messages and open callback queries. */
export interface World {
  chats: Map<number, ChatRecord>;
  users: Map<number, EmulatedUser>;
  /** Every stored message in the order it was created. */
  messages: EmulatedMessage[];
  callbackQueries: Map<string, CallbackQueryRecord>;
  callbackAnswers: CallbackAnswer[];
  /** Creates the chat, or updates the given fields of a known one. */
  addChat(info: ChatInfo): ChatRecord;
  /** A chat by numeric id or @username. */
  findChat(id: number | string): ChatRecord | undefined;
  addMessage(chat: ChatRecord, fields: NewMessage): EmulatedMessage;
  /** A known user, or a placeholder for an unknown id. */
  user(id: number): EmulatedUser;
  rememberUser(user: EmulatedUser): void;
  reset(): void;
}

/** The chat type Telegram ids imply: positive ids are users, -100… are supergroups, other negatives groups. */
export function inferChatType(chatId: number): ChatType {
  if (chatId > 0) return 'private';
  return chatId <= -1_000_000_000_000 ? 'supergroup' : 'group';
}

/** Creates an empty world. */
export function createWorld(): World {
  const world: World = {
    chats: new Map(),
    users: new Map(),
    messages: [],
    callbackQueries: new Map(),
    callbackAnswers: [],

    addChat(info) {
      const known = world.chats.get(info.id);
      if (known !== undefined) {
        Object.assign(known.info, info);
        return known;
      }
      const record: ChatRecord = {
        info: { ...info },
        botStatus: 'member',
        deactivated: false,
        members: new Map(),
        messages: new Map(),
        nextMessageId: 1,
      };
      world.chats.set(info.id, record);
      return record;
    },

    findChat(id) {
      if (typeof id === 'number') return world.chats.get(id);
      const username = id.startsWith('@') ? id.slice(1).toLowerCase() : undefined;
      if (username === undefined) return undefined;
      return [...world.chats.values()].find((chat) => chat.info.username?.toLowerCase() === username);
    },

    addMessage(chat, fields) {
      const message: EmulatedMessage = {
        ...fields,
        message_id: chat.nextMessageId++,
        chat: chat.info,
        edits: 0,
        deleted: false,
      };
      chat.messages.set(message.message_id, message);
      world.messages.push(message);
      return message;
    },

    user(id) {
      return world.users.get(id) ?? { id, is_bot: false, first_name: `User ${id}` };
    },

    rememberUser(user) {
      world.users.set(user.id, { ...user });
    },

    reset() {
      world.chats.clear();
      world.users.clear();
      world.messages.length = 0;
      world.callbackQueries.clear();
      world.callbackAnswers.length = 0;
    },
  };
  return world;
}

/**
 * The chat a send or edit targets, or the Bot API error Telegram answers: 400 chat not found, 400 group upgraded
 * (with migrate_to_chat_id), 403 blocked / deactivated / kicked.
 */
export function requireWritableChat(world: World, chatId: number | string): ChatRecord {
  const chat = world.findChat(chatId);
  if (chat === undefined) throw badRequest('chat not found');
  if (chat.migratedTo !== undefined) {
    throw badRequest('group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migratedTo });
  }
  if (chat.deactivated) throw forbidden('user is deactivated');
  const { type } = chat.info;
  if (chat.botStatus === 'kicked') {
    if (type === 'private') throw forbidden('bot was blocked by the user');
    throw forbidden(type === 'channel' ? 'bot was kicked from the channel chat' : `bot was kicked from the ${type} chat`);
  }
  if (chat.botStatus === 'left') {
    if (type === 'private') throw forbidden('bot was blocked by the user');
    throw forbidden(`bot is not a member of the ${type} chat`);
  }
  return chat;
}

/** Throws 400 "chat not found" unless the chat is known. */
export function requireKnownChat(world: World, chatId: number | string): ChatRecord {
  const chat = world.findChat(chatId);
  if (chat === undefined) throw badRequest('chat not found');
  return chat;
}

