import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { escapeHtml } from '../src/messages/html';
import { latestRefusal, parseLatestArgs } from '../src/messages/latest-args';
import { formatStoryList } from '../src/messages/story-message';
import { commandArgs, loadChat, type SilkwireContext } from './context';

/** /latest [topic] [n]: the newest stories, each once with its sources, newest first. */
export function latestComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  composer.command('latest', loadChat(services), async (ctx) => {
    const args = parseLatestArgs(commandArgs(ctx));
    if (!args.ok) return void (await ctx.say(latestRefusal(args, ctx.messages)));
    const stories = await services.latestStories.latest(args.topic ?? 'any', args.count);
    const topic = args.topic ? escapeHtml(ctx.messages.topicName[args.topic]) : undefined;
    if (stories.length === 0) return void (await ctx.say(ctx.messages.noArticles(topic)));
    const header = topic ? ctx.messages.latestTitle(topic) : ctx.messages.latestTitleAll;
    for (const text of formatStoryList(stories, header, ctx.messages, services.clock.now())) await ctx.say(text);
  });
  return composer;
}
