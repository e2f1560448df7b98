import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { startReply } from '../src/messages/chat-texts';
import { formatHelp } from '../src/messages/help';
import { loadChat, type SilkwireContext } from './context';

/** /start (a welcome; also resumes a chat that had blocked the bot) and /help (every command, one line each). */
export function startComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  composer.start(loadChat(services), async (ctx) => {
    const resumed = await services.chats.resume(ctx.chatSettings.id);
    const name = ctx.chat.type === 'private' ? ctx.from.first_name : '';
    await ctx.say(startReply(name, resumed, ctx.messages));
  });
  composer.help(loadChat(services), async (ctx) => {
    await ctx.say(formatHelp(ctx.messages));
  });
  return composer;
}
