import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { formatLatest } from '../src/messages/article-list';
import { latestRefusal, parseLatestArgs } from '../src/messages/latest-args';
import { commandArgs, loadChat, type SilkwireContext } from './context';

/** /latest [topic] [n]: the newest articles, newest first. */
export function latestComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  composer.command('latest', loadChat(services), async (ctx) => {
    const args = parseLatestArgs(commandArgs(ctx));
    if (!args.ok) return void (await ctx.say(latestRefusal(args, ctx.messages)));
    const articles = await services.articles.latest(args.topic ?? 'any', args.count);
    for (const text of formatLatest(articles, args.topic, ctx.messages, services.clock.now())) await ctx.say(text);
  });
  return composer;
}
