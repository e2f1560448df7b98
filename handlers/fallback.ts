import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { loadChat, type SilkwireContext } from './context';

/** Any other text: in a private chat, a one-line hint pointing to /help; elsewhere, silence. */
export function fallbackComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  const isPrivate = (ctx: SilkwireContext) => ctx.chat?.type === 'private';
  composer.on('text', Composer.optional(isPrivate, loadChat(services), async (ctx) => {
    await ctx.say(ctx.messages.privateHint);
  }));
  return composer;
}
