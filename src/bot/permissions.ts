import type { Sender } from '../telegram/sender';

/** Telegram's user id for messages that anonymous group administrators send. */
export const GROUP_ANONYMOUS_BOT_ID = 1087968824;

/** Decides who may change a chat's subscriptions and settings. */
export interface Permissions {
  /** True in private chats, and in groups for the chat's administrators (asked from Telegram with getChatMember). */
  mayChangeSettings(chat: { id: number; type: string }, from: { id: number } | undefined, senderChatId?: number): Promise<boolean>;
}

/** Creates the permission check on top of the sender. */
export function createPermissions(deps: { sender: Sender }): Permissions {
  return {
    async mayChangeSettings(chat, from, senderChatId) {
      if (chat.type === 'private') return true;
      // An anonymous administrator writes as the group itself.
      if (from?.id === GROUP_ANONYMOUS_BOT_ID && senderChatId === chat.id) return true;
      if (!from) return false;
      const member = (await deps.sender.call('getChatMember', { chat_id: chat.id, user_id: from.id })) as { status?: string };
      return member.status === 'creator' || member.status === 'administrator';
    },
  };
}
