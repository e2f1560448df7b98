import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { parseQuietArgs } from '../src/chats/quiet-hours';
import { describeQuiet } from '../src/messages/chat-texts';
import { adminsOnly, commandArgs, loadChat, type SilkwireContext } from './context';

/** /quiet HH:MM-HH:MM | off: hold instant alerts in a nightly window (administrators only in groups). */
export function quietComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  composer.command('quiet', loadChat(services), adminsOnly(services), async (ctx) => {
    const command = parseQuietArgs(commandArgs(ctx));
    if (command.kind === 'invalid') return void (await ctx.say(ctx.messages.quietUsage));
    if (command.kind === 'show') return void (await ctx.say(describeQuiet(ctx.chatSettings, ctx.messages)));
    const updated = await services.chats.setQuiet(ctx.chatSettings.id, command.kind === 'set' ? command.quiet : undefined);
    await ctx.say(command.kind === 'off' ? ctx.messages.quietOff : describeQuiet(updated, ctx.messages));
  });
  return composer;
}
