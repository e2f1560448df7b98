import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { escapeHtml } from '../src/messages/html';
import { chatContext } from './context';

/** /start: a short welcome in the person's language; also resumes a chat that had blocked the bot. */
export function startHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (!here) return;
    const resumed = await services.chats.resume(here.chat.id);
    const name = ctx.chat?.type === 'private' ? escapeHtml(ctx.from?.first_name ?? '') : '';
    const welcome = here.messages.welcome(name);
    await services.sender.send(here.chat.id, resumed ? `${here.messages.resumed}\n\n${welcome}` : welcome);
  };
}
