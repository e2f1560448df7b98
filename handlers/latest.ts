import type { Context } from 'telegraf';
import { TOPIC_IDS } from '../src/articles/article';
import type { BotServices } from '../src/bot/bot-services';
import { formatLatest } from '../src/messages/article-list';
import { escapeHtml } from '../src/messages/html';
import { LATEST_MAX, parseLatestArgs } from '../src/messages/latest-args';
import { chatContext, commandArgs } from './context';

/** /latest [topic] [n]: the newest articles, newest first. */
export function latestHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (!here) return;
    const { messages } = here;
    const args = parseLatestArgs(commandArgs(ctx));
    if (!args.ok) {
      const text = args.reason === 'bad-count' ? messages.badCount(LATEST_MAX, TOPIC_IDS.join(', ')) : messages.unknownTopic(escapeHtml(args.input), args.valid);
      await services.sender.send(here.chat.id, text);
      return;
    }
    const articles = await services.articles.latest(args.topic ?? 'any', args.count);
    for (const text of formatLatest(articles, args.topic, messages, services.clock.now())) {
      await services.sender.send(here.chat.id, text);
    }
  };
}
