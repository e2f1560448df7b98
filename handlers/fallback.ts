import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { unknownCommandReply } from '../src/messages/chat-texts';
import { loadChat, type SilkwireContext } from './context';

/** The command a message starts with, and the bot it names after "@", if any. */
function leadingCommand(ctx: SilkwireContext): { name: string; bot: string | undefined } | undefined {
  const message = ctx.message;
  if (!message || !('text' in message) || message.entities?.[0]?.type !== 'bot_command' || message.entities[0].offset !== 0) return undefined;
  const [name = '', bot] = (message.text.slice(1).split(/\s/)[0] ?? '').split('@');
  return { name, bot };
}

/** Whether a message is for this bot: a private chat, or a command that names the bot after "@". */
function addressedToBot(ctx: SilkwireContext): boolean {
  const command = leadingCommand(ctx);
  if (command?.bot !== undefined) return command.bot.toLowerCase() === ctx.botInfo.username.toLowerCase();
  return ctx.chat?.type === 'private';
}

/** Anything else addressed to the bot: an unknown command is named back with a pointer to /help; other text gets a hint. */
export function fallbackComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  composer.on('text', Composer.optional(addressedToBot, loadChat(services), async (ctx) => {
    const command = leadingCommand(ctx);
    await ctx.say(command ? unknownCommandReply(command.name, ctx.messages) : ctx.messages.privateHint);
  }));
  return composer;
}
