import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { chatContext } from './context';

/** Any other text: in a private chat, a one-line hint pointing to /help; elsewhere, silence. */
export function fallbackHandler(services: BotServices) {
  return async (ctx: Context) => {
    if (ctx.chat?.type !== 'private' || !ctx.message || !('text' in ctx.message)) return;
    const here = await chatContext(ctx, services);
    if (here) await services.sender.send(here.chat.id, here.messages.privateHint);
  };
}
