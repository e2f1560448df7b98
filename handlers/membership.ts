import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import type { SilkwireContext } from './context';

/** The bot's own membership: removed or blocked suspends a chat, added back or unblocked resumes it; a migrated group keeps its subscriptions. */
export function membershipComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  composer.on('my_chat_member', async (ctx) => {
    const { chat, new_chat_member: member } = ctx.myChatMember;
    if (member.status === 'kicked' || member.status === 'left') {
      await services.chats.suspend(chat.id);
      services.logger.info({ chatId: chat.id, status: member.status }, 'bot removed or blocked; chat suspended');
    } else if (member.status === 'member' || member.status === 'administrator') {
      if (await services.chats.resume(chat.id)) services.logger.info({ chatId: chat.id }, 'bot back in chat; chat resumed');
    }
  });
  composer.on('migrate_to_chat_id', async (ctx) => {
    const { chat, migrate_to_chat_id: to } = ctx.message;
    await services.chats.migrate(chat.id, to);
    services.logger.info({ chatId: chat.id, to }, 'group migrated; subscriptions moved');
  });
  return composer;
}
