import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';

/** my_chat_member: the bot blocked or removed suspends the chat; the bot unblocked or added back resumes it. */
export function myChatMemberHandler(services: BotServices) {
  return async (ctx: Context) => {
    const update = ctx.myChatMember;
    if (!update) return;
    const status = update.new_chat_member.status;
    if (status === 'kicked' || status === 'left') {
      await services.chats.suspend(update.chat.id);
      services.logger.info({ chatId: update.chat.id, status }, 'bot removed or blocked; chat suspended');
    } else if (status === 'member' || status === 'administrator') {
      if (await services.chats.resume(update.chat.id)) services.logger.info({ chatId: update.chat.id }, 'bot back in chat; chat resumed');
    }
  };
}

/** A group that became a supergroup keeps its subscriptions under the new id. */
export function migrationHandler(services: BotServices) {
  return async (ctx: Context) => {
    const message = ctx.message;
    if (!message || !('migrate_to_chat_id' in message)) return;
    await services.chats.migrate(message.chat.id, message.migrate_to_chat_id);
    services.logger.info({ chatId: message.chat.id, to: message.migrate_to_chat_id }, 'group migrated; subscriptions moved');
  };
}
