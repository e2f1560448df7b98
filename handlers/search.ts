import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { echo } from '../src/messages/html';
import { formatStoryList } from '../src/messages/story-message';
import { commandArgs, loadChat, type SilkwireContext } from './context';

/** Stories one /search shows at most. */
const SEARCH_STORIES = 8;

/** /search <words>: the stored stories matching the words, best matches first (open to anyone in a group). */
export function searchComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  composer.command('search', loadChat(services), async (ctx) => {
    const query = commandArgs(ctx).join(' ').trim();
    if (!query) return void (await ctx.say(ctx.messages.searchUsage));
    const articles = await services.articles.search(query, SEARCH_STORIES * 4);
    const stories = (await services.storyReader.group(articles)).slice(0, SEARCH_STORIES);
    if (stories.length === 0) return void (await ctx.say(ctx.messages.searchNone(echo(query))));
    for (const text of formatStoryList(stories, ctx.messages.searchTitle(echo(query)), ctx.messages, services.clock.now())) await ctx.say(text);
  });
  return composer;
}
