import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { messagesOf } from './context';

/** Any other text: in a private chat, a one-line hint pointing to /help; elsewhere, silence. */
export function fallbackHandler(services: BotServices) {
  return async (ctx: Context) => {
    if (ctx.chat?.type !== 'private') return;
    await services.sender.send(ctx.chat.id, messagesOf(ctx).privateHint);
  };
}
