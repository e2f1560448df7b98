import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { escapeHtml } from '../src/messages/html';
import { messagesOf } from './context';

/** /start: a short welcome in the person's language. */
export function startHandler(services: BotServices) {
  return async (ctx: Context) => {
    if (!ctx.chat) return;
    const name = ctx.chat.type === 'private' ? escapeHtml(ctx.from?.first_name ?? '') : '';
    await services.sender.send(ctx.chat.id, messagesOf(ctx).welcome(name));
  };
}
