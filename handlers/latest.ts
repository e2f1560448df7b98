import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { latestRefusal, parseLatestArgs } from '../src/messages/latest-args';
import { commandArgs, loadChat, type SilkwireContext } from './context';

/** /latest [topic] [n]: the newest stories, each once with its sources, newest first. */
export function latestComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  composer.command('latest', loadChat(services), async (ctx) => {
    const args = parseLatestArgs(commandArgs(ctx));
    if (!args.ok) return void (await ctx.say(latestRefusal(args, ctx.messages)));
    for (const text of await services.latestReplies.texts(args.topic, args.count, ctx.messages)) await ctx.say(text);
  });
  return composer;
}
